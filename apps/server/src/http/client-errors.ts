import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorEnvelope, GraphHttpError } from '../graph/http-error.js';
import { GRAPH_JSON_CONTENT_TYPE } from './json-answers.js';
import { SECURITY_HEADERS } from './security-headers.js';

// What Node's HTTP parser reports, and what a client would have been told by Graph's front door.
function answerFor(code: string | undefined): GraphHttpError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new GraphHttpError(
        431,
        'RequestHeaderFieldsTooLarge',
        'The request line and headers are larger than the 16 KB the stub reads. Send a shorter URL or smaller headers.',
      );
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new GraphHttpError(
        413,
        'RequestEntityTooLarge',
        'The chunk extensions of the request body are too large.',
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new GraphHttpError(
        408,
        'RequestTimeout',
        'The request was not received in time. Send it whole, promptly.',
      );
    default:
      return new GraphHttpError(
        400,
        'BadRequest',
        `The request could not be read as HTTP/1.1${code ? ` (${code})` : ''}. Check the request line and headers.`,
      );
  }
}

function envelopeText(error: GraphHttpError): { body: string; requestId: string } {
  const requestId = randomUUID();
  return { body: JSON.stringify(errorEnvelope(error, { requestId, clientRequestId: requestId })), requestId };
}

/**
 * The server's `clientError` listener: what Node refuses before any request exists (a head over
 * 16 KB, a broken request line, a timeout) is answered in Graph's envelope with a request-id,
 * instead of Node's bare status line, and the connection is closed.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  const answered = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (err.code === 'ECONNRESET' || !socket.writable || answered) {
    socket.destroy();
    return;
  }
  const error = answerFor(err.code);
  const { body, requestId } = envelopeText(error);
  const headers = {
    'Content-Type': GRAPH_JSON_CONTENT_TYPE,
    'Content-Length': String(Buffer.byteLength(body)),
    'request-id': requestId,
    'client-request-id': requestId,
    ...SECURITY_HEADERS,
    'Cache-Control': 'no-store',
    Connection: 'close',
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  socket.end(`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\n${head}\r\n\r\n${body}`);
}

/**
 * The server's `checkExpectation` listener: Node would answer an `Expect` other than
 * `100-continue` with a bare 417; this says so in Graph's envelope.
 */
export function answerExpectation(req: IncomingMessage, res: ServerResponse): void {
  const error = new GraphHttpError(
    417,
    'ExpectationFailed',
    `The stub cannot meet Expect: ${String(req.headers.expect).slice(0, 100)}. Send the request without it, or with Expect: 100-continue.`,
  );
  const { body, requestId } = envelopeText(error);
  res.writeHead(417, {
    'Content-Type': GRAPH_JSON_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(body),
    'request-id': requestId,
    'client-request-id': requestId,
    ...SECURITY_HEADERS,
    'Cache-Control': 'no-store',
    Connection: 'close',
  });
  res.end(body);
}
