import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Answer } from './send.js';

export interface Baseline {
  baseUrl: string;
  /** What every following request gets, until the next call. */
  answerWith(answer: Answer): void;
  close(): Promise<void>;
}

/** The cheapest server that still speaks HTTP/1.1 with keep-alive and sends the stub's bytes. */
export async function startBaseline(): Promise<Baseline> {
  let current: Answer = { status: 200, body: Buffer.from('{}'), contentType: 'application/json' };
  const server: Server = createServer((req, res) => {
    // The stub reads POST bodies before answering; so does the baseline, which also keeps the connection reusable.
    req.resume();
    req.on('end', () => {
      res.writeHead(current.status, { 'content-type': current.contentType, 'content-length': current.body.length });
      res.end(current.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/beta`,
    answerWith: (answer) => {
      current = answer;
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((err) => (err ? fail(err) : done()));
        server.closeAllConnections();
      }),
  };
}
