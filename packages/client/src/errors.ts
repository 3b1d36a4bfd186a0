import type { ErrorDetails, ODataError } from './gen/types.gen.js';

/**
 * A Graph error response, thrown by every client call that gets one (after retries, where they
 * apply). Branch on `code`, not `message`: Graph keeps codes stable and rewords messages.
 */
export class GraphError extends Error {
  override readonly name = 'GraphError';
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetails[];
  readonly requestId: string | undefined;
  readonly clientRequestId: string | undefined;
  /** innerError.date as Graph sent it (UTC, no zone suffix). */
  readonly date: string | undefined;
  /** The response body as received: the Graph envelope, or whatever a non-Graph server sent. */
  readonly body: unknown;
  /** The response headers, e.g. for `Retry-After` on a 429 that ran out of retries. */
  readonly headers: Headers | undefined;

  constructor(status: number, body: unknown, headers?: Headers) {
    const envelope = isODataError(body) ? body.error : undefined;
    super(envelope?.message ?? `The service answered HTTP ${status} without a Graph error body.`);
    this.status = status;
    this.code = envelope?.code ?? `Http${status}`;
    this.details = envelope?.details ?? [];
    this.requestId = envelope?.innerError?.['request-id'] ?? headers?.get('request-id') ?? undefined;
    this.clientRequestId =
      envelope?.innerError?.['client-request-id'] ?? headers?.get('client-request-id') ?? undefined;
    this.date = envelope?.innerError?.date;
    this.body = body;
    this.headers = headers;
  }
}

/** The request never got an HTTP answer: DNS, connection refused, TLS, a dropped connection. */
export class GraphTransportError extends Error {
  override readonly name = 'GraphTransportError';
  constructor(
    message: string,
    readonly clientRequestId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The call did not finish within its `timeoutMs`, retries included. */
export class GraphTimeoutError extends Error {
  override readonly name = 'GraphTimeoutError';
  constructor(
    readonly timeoutMs: number,
    readonly clientRequestId: string | undefined,
  ) {
    super(`The call did not finish within ${timeoutMs} ms (retries included). Raise timeoutMs or check the service.`);
  }
}

export function isODataError(body: unknown): body is ODataError {
  if (!body || typeof body !== 'object') return false;
  const error = (body as { error?: unknown }).error;
  return !!error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string';
}
