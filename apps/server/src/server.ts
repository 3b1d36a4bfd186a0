import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type AppOptions, createApp } from './app.js';
import { answerClientError, answerExpectation } from './http/client-errors.js';
import { isLoopbackHost } from './http/hosts.js';
import type { TlsMaterial } from './http/tls.js';
import { openStore } from './store/sql/open.js';

export interface StartOptions extends AppOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Serve HTTPS with this certificate and key (see createDevCertificate). */
  tls?: TlsMaterial;
  /**
   * How long a client may take to send a whole request (and at most 20 s of it for the head) before
   * it gets 408 and the connection closes; slow clients cannot hold connections open. Default 60000.
   */
  requestTimeoutMs?: number;
  /**
   * How long close() lets requests already being answered finish before it cuts their connections.
   * Default 10000.
   */
  shutdownGraceMs?: number;
}

export interface RunningServer {
  /** The Graph-style base URL, e.g. `http://127.0.0.1:4010/beta`. */
  baseUrl: string;
  /** The origin, e.g. `http://127.0.0.1:4010`. */
  origin: string;
  server: Server;
  /**
   * The token `/_stub/*` requires (`Authorization: Bearer <adminToken>`): the one given, or one made up
   * at start because the stub listens beyond loopback. Undefined when the admin routes need none.
   */
  adminToken?: string;
  /**
   * Stops accepting connections and closes idle ones at once; requests being answered finish (for
   * at most `shutdownGraceMs`, then their connections are cut), and their connections close after.
   * Then closes the store it opened. Resolves once everything is closed; calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/**
 * Opens the store (a database the stub cannot use is refused here, with a StoreError saying why),
 * starts the stub and resolves once it listens; rejects with the listen error (e.g. EADDRINUSE).
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const {
    port = 4010,
    host = '127.0.0.1',
    tls,
    requestTimeoutMs = 60_000,
    shutdownGraceMs = 10_000,
    ...appOptions
  } = options;
  // Beyond loopback anyone on the network could reset the stub: its admin routes then always need a token.
  const adminToken =
    appOptions.adminToken ?? (isLoopbackHost(host) ? undefined : randomBytes(24).toString('base64url'));
  const opened = appOptions.store ? undefined : openStore(appOptions.database, appOptions.data);
  const store = appOptions.store ?? opened;
  try {
    await store?.ready();
  } catch (err) {
    await opened?.close().catch(() => undefined);
    throw err;
  }
  const app = createApp({
    listenHost: host,
    ...appOptions,
    store,
    ...(adminToken === undefined ? {} : { adminToken }),
  });
  // A missing Host is the app's to refuse, in Graph's envelope, rather than Node's bare 400.
  const serverOptions = {
    requireHostHeader: false,
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(20_000, requestTimeoutMs),
    // How often Node looks for requests past those timeouts (its default, 30 s, would let short ones overrun).
    connectionsCheckingInterval: Math.max(250, Math.min(30_000, Math.floor(requestTimeoutMs / 4))),
  };
  const server: Server = tls
    ? createHttpsServer({ ...serverOptions, cert: tls.cert, key: tls.key }, app)
    : createHttpServer(serverOptions, app);
  // What Node answers by itself (a head over 16 KB, a broken request, an Expect it cannot meet) gets Graph's envelope too.
  server.on('clientError', answerClientError);
  server.on('checkExpectation', answerExpectation);

  let closing: Promise<void> | undefined;
  const answering = new Set<ServerResponse>();
  server.on('request', (_req, res: ServerResponse) => {
    answering.add(res);
    // While closing, a request still being answered is the last on its connection.
    if (closing) res.shouldKeepAlive = false;
    res.once('close', () => {
      answering.delete(res);
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((done, fail) => {
      for (const res of answering) if (!res.headersSent) res.shouldKeepAlive = false;
      const cut = setTimeout(() => server.closeAllConnections(), shutdownGraceMs);
      cut.unref();
      server.close((err) => {
        clearTimeout(cut);
        const closed = opened ? opened.close() : Promise.resolve();
        closed.then(() => (err ? fail(err) : done()), fail);
      });
      server.closeIdleConnections();
    });
    return closing;
  };

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
        ...(adminToken === undefined ? {} : { adminToken }),
        close,
      });
    });
  });
}
