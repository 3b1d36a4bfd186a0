import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type AppOptions, createApp } from './app.js';
import type { TlsMaterial } from './http/tls.js';
import { openStore } from './store/sql/open.js';

export interface StartOptions extends AppOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Serve HTTPS with this certificate and key (see createDevCertificate). */
  tls?: TlsMaterial;
}

export interface RunningServer {
  /** The Graph-style base URL, e.g. `http://127.0.0.1:4010/beta`. */
  baseUrl: string;
  /** The origin, e.g. `http://127.0.0.1:4010`. */
  origin: string;
  server: Server;
  /** Stops accepting connections, ends open ones, closes the store it opened, and resolves once closed. */
  close(): Promise<void>;
}

/**
 * Opens the store (a database the stub cannot use is refused here, with a StoreError saying why),
 * starts the stub and resolves once it listens; rejects with the listen error (e.g. EADDRINUSE).
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const { port = 4010, host = '127.0.0.1', tls, ...appOptions } = options;
  const opened = appOptions.store ? undefined : openStore(appOptions.database, appOptions.data);
  const store = appOptions.store ?? opened;
  try {
    await store?.ready();
  } catch (err) {
    await opened?.close().catch(() => undefined);
    throw err;
  }
  const app = createApp({ ...appOptions, store });
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }, app) : createHttpServer(app);
  return new Promise((resolve, reject) => {
    server.once('error', (err) => {
      void opened?.close().catch(() => undefined);
      reject(err);
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      const address = server.address() as AddressInfo;
      const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      const origin = `${tls ? 'https' : 'http'}://${hostPart}:${address.port}`;
      resolve({
        baseUrl: `${origin}/beta`,
        origin,
        server,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => {
              const closed = opened ? opened.close() : Promise.resolve();
              closed.then(() => (err ? fail(err) : done()), fail);
            });
            server.closeAllConnections();
          }),
      });
    });
  });
}
