import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { CATALOGS, type CallResult, expectGraphError, PACKAGES, type TestStub } from '../../testing/jest-helpers.js';

/** A response read off the wire, for requests fetch() will not send (a foreign Host, bytes that are not UTF-8). */
export interface RawResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON bodies.
  json: any;
}

function parsed(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** One request through node:http, which sends any header as given (Host included) and any bytes as the body. */
export function send(
  stub: TestStub,
  init: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    token?: string | null;
  },
): Promise<RawResult> {
  const origin = new URL(stub.origin);
  const headers: Record<string, string> = { ...init.headers };
  const token = init.token === undefined ? stub.token : init.token;
  if (token !== null && !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization'))
    headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: origin.hostname,
        port: origin.port,
        method: init.method ?? 'GET',
        path: init.path,
        headers,
        setHost: !('host' in headers),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parsed(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (init.body !== undefined) req.end(init.body);
    else req.end();
  });
}

/** Raw bytes over a socket, for what no HTTP client sends (a broken request line, a huge head); reads until the server closes. */
export function sendRaw(
  stub: TestStub,
  bytes: string | Buffer,
  timeoutMs = 10_000,
): Promise<RawResult & { raw: string }> {
  const origin = new URL(stub.origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(origin.port), origin.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(new Error('no answer in time')), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (err) => {
      clearTimeout(timer);
      if (chunks.length > 0) socket.emit('close');
      else reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const at = line.indexOf(':');
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
      }
      const text = rest.join('\r\n\r\n');
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, text, json: parsed(text), raw });
    });
    socket.write(bytes);
  });
}

/** Graph's envelope, the status and code, a request-id, and nothing of express or a stack. */
export function expectRefused(res: RawResult | CallResult, status: number, code?: string): void {
  const header = (name: string) =>
    'get' in (res.headers as object) ? (res.headers as Headers).get(name) : (res as RawResult).headers[name];
  expect({ status: res.status, code: code === undefined ? undefined : res.json?.error?.code }).toEqual({
    status,
    code,
  });
  expect(res.json?.error).toEqual(
    expect.objectContaining({ code: expect.any(String), message: expect.any(String), innerError: expect.any(Object) }),
  );
  expect(res.json.error.innerError['request-id']).toBe(header('request-id'));
  expect(String(header('content-type'))).toMatch(/^application\/json/);
  expect(res.text).not.toMatch(/<html|at .*\.js:\d+|node_modules/i);
}

export { expectGraphError };

/**
 * What the tenant holds, read through the API (so it keeps working whatever the store becomes):
 * every access package and catalog, paged to the end. Compare two to prove a request changed nothing.
 */
export async function snapshot(stub: TestStub): Promise<string> {
  const all: unknown[] = [];
  for (const path of [PACKAGES, CATALOGS]) {
    let url: string | undefined = `${stub.baseUrl}${path}?$top=999`;
    while (url) {
      const page = await stub.call('GET', url);
      if (page.status !== 200) throw new Error(`listing ${path} answered ${page.status}: ${page.text}`);
      all.push(...page.json.value);
      url = page.json['@odata.nextLink'];
    }
  }
  return JSON.stringify(all);
}
