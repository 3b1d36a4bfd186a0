import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AppOptions, createApp } from './app.js';

export interface StartOptions extends AppOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
}

export interface RunningServer {
  /** The Graph-style base URL, e.g. `http://127.0.0.1:4010/beta`. */
  baseUrl: string;
  /** The origin, e.g. `http://127.0.0.1:4010`. */
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts the stub and resolves once it listens; rejects with the listen error (e.g. EADDRINUSE). */
export function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const { port = 4010, host = '127.0.0.1', ...appOptions } = options;
  const app = createApp(appOptions);
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const origin = `http://${hostPart}:${address.port}`;
      resolve({
        baseUrl: `${origin}/beta`,
        origin,
        server,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
