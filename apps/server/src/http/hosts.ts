import { isIP, type Socket } from 'node:net';
import type { Request, RequestHandler } from 'express';
import { GraphHttpError } from '../graph/http-error.js';
import { memo } from '../graph/memo.js';

export interface HostOptions {
  /** The address the stub listens on (`--host`); a name here is one more name the stub answers to. */
  listenHost?: string;
  /**
   * The stub's URL as its clients reach it (`--public-url`), e.g. `https://stub.example.com` behind a
   * proxy: its host is allowed, and links (`@odata.context`, `@odata.nextLink`) start with it.
   */
  publicUrl?: string;
}

// name[:port], [v6][:port] or v4[:port]: what a Host header may hold (RFC 9110), and nothing else.
const HOST_HEADER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?\.?)(?::([0-9]{1,5}))?$/;
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

/** `localhost`, `*.localhost` and loopback addresses: where a stub listening only on loopback is reached. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  return name === '::1' || name.startsWith('::ffff:127.');
}

/** `https://stub.example.com/`, as a link prefix: no trailing slash. Throws a plain Error saying what is wrong. */
export function normalizePublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`the public URL "${text}" is not an absolute URL; write it like https://stub.example.com.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`the public URL "${text}" must start with http:// or https://.`);
  if (url.username || url.password || url.search || url.hash)
    throw new Error(`the public URL "${text}" may hold no user, password, query or fragment.`);
  if (url.href.length > 1024) throw new Error('the public URL is longer than 1024 characters.');
  return url.href.replace(/\/+$/, '');
}

const origins = new WeakMap<Request, string>();

/** Where the stub was reached, as links should name it: `--public-url`, else the address the connection came in on. */
export function publicOriginOf(req: Request): string {
  const origin = origins.get(req);
  if (origin === undefined) throw new Error('hostRules did not run before publicOriginOf.');
  return origin;
}

/** The URL the client called, under the stub's own origin (never under a Host header's). */
export function requestUrlOf(req: Request): URL {
  return new URL(`${publicOriginOf(req)}${req.originalUrl}`);
}

// A connection carries many requests: its origin is worked out once.
const connectionOrigins = new WeakMap<Socket, string>();

function listeningOrigin(req: Request): string {
  const socket = req.socket;
  let origin = connectionOrigins.get(socket);
  if (origin === undefined) {
    const protocol = (socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
    const address = (socket.localAddress ?? '127.0.0.1').replace(/^::ffff:(?=\d+\.)/, '');
    origin = `${protocol}://${isIP(address) === 6 ? `[${address}]` : address}:${socket.localPort}`;
    connectionOrigins.set(socket, origin);
  }
  return origin;
}

function badHost(message: string): GraphHttpError {
  return new GraphHttpError(400, 'BadRequest', message);
}

/** Why a Host header is refused, or undefined when it names the stub. */
function hostProblem(host: string | undefined, names: ReadonlySet<string>): string | undefined {
  if (host === undefined || host === '') return 'The request has no Host header. Send Host, as HTTP/1.1 requires.';
  const match = HOST_HEADER.exec(host);
  const name = match?.[1]
    ?.toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (!match || name === undefined || Number(match[2] ?? 0) > 65535) {
    return `The Host header '${host.slice(0, 100)}' is not a host name or address.`;
  }
  if (!(isLoopbackHost(name) || isIP(name) !== 0 || names.has(name))) {
    return `The Host header '${host.slice(0, 100)}' names no address of this stub. Call it by a loopback name, an IP address, or the name given with --host or --public-url.`;
  }
  return undefined;
}

// How many different Host headers' verdicts are kept; clients send the same few again and again.
const KEPT_VERDICTS = 256;

/**
 * The DNS-rebinding defence: a request is served only when its Host header names the stub, i.e.
 * a loopback name, an IP address (a page loaded from an IP literal is the stub's own origin), the
 * name the stub listens on, or the public URL's host. Anything else, a malformed Host or none,
 * answers 400, so a web page whose name an attacker points at 127.0.0.1 reaches nothing.
 */
export function hostRules(options: HostOptions = {}): RequestHandler {
  const names = new Set<string>();
  const publicUrl = options.publicUrl === undefined ? undefined : normalizePublicUrl(options.publicUrl);
  if (publicUrl) names.add(new URL(publicUrl).hostname.toLowerCase().replace(/^\[|\]$/g, ''));
  if (options.listenHost && !WILDCARDS.has(options.listenHost)) names.add(options.listenHost.toLowerCase());
  // Each Host header's verdict: the reason it is refused, or undefined.
  const problemOf = memo(KEPT_VERDICTS, (host: string | undefined) => hostProblem(host, names));

  return (req, _res, next) => {
    const problem = problemOf(req.headers.host);
    if (problem !== undefined) return next(badHost(problem));
    origins.set(req, publicUrl ?? listeningOrigin(req));
    next();
  };
}
