import { request as httpRequest } from 'node:http';
import { createDevToken } from '@accesspackage/server';
import fc from 'fast-check';
import type { Resource } from '../resources.js';
import { type Contract, queryParameters } from '../spec.js';
import { type HostileRequest, hostileRequests, type TokenKind } from './requests.js';
import { type StubProcess, startStubProcess } from './stub-process.js';

export interface FuzzOptions {
  requests: number;
  seed: number;
  /** Reset the stub every this many requests, so the tenant stays small and snapshots cheap. Default 400. */
  resetEvery?: number;
  /** Extra CLI flags for the stub. */
  stubArgs?: string[];
  /** Called every 1000 requests with how many were sent. */
  progress?: (sent: number) => void;
}

export interface FuzzFailure {
  problem: string;
  request: HostileRequest;
  status?: number;
  body?: string;
}

export interface FuzzReport {
  requests: number;
  seed: number;
  durationMs: number;
  /** Answers by status; `unsendable` counts requests node:http itself would not send. */
  byStatus: Record<string, number>;
  /** Successful creates, updates, deletes and resets: the requests allowed to change the tenant. */
  changesAccepted: number;
  maxRssBytes: number;
  failures: FuzzFailure[];
  failureCount: number;
  crashed?: string;
}

const READ = 'EntitlementManagement.Read.All';
const READ_WRITE = 'EntitlementManagement.ReadWrite.All';
const CONSUMERS = '9188040d-6c67-4c5b-b112-36a304b66dad';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const TOKENS: Record<TokenKind, string | null> = {
  // Every permission the contract names for writes: the snapshot lists users and groups too.
  readWrite: createDevToken({
    scopes: ['EntitlementManagement.ReadWrite.All', 'User.ReadWrite.All', 'Group.ReadWrite.All'],
  }),
  read: createDevToken({ scopes: [READ] }),
  none: null,
  garbage: 'not-a-jwt',
  app: createDevToken({ app: true, scopes: [READ_WRITE] }),
  appWithScp: createDevToken({ claims: { idtyp: 'app', roles: [READ_WRITE] } }),
  consumer: createDevToken({ claims: { tid: CONSUMERS.toUpperCase() } }),
  consumerIssuer: createDevToken({
    claims: { tid: undefined, iss: `https://login.microsoftonline.com/${CONSUMERS}/v2.0` },
  }),
  noScopes: createDevToken({ scopes: [] }),
  oddTid: createDevToken({ claims: { tid: 42 } }),
  longTid: createDevToken({ claims: { tid: 'x'.repeat(65) } }),
  nulUpn: createDevToken({ claims: { upn: 'mallory\u0000@contoso.com' } }),
  unsigned: `${b64({ alg: 'none' })}.${b64({ scp: READ_WRITE, upn: 'unsigned@contoso.com' })}.`,
};

/** Tokens no route may accept: what they say cannot be read, or names no tenant the stub may keep data for. */
const REFUSED_TOKENS: ReadonlySet<TokenKind> = new Set(['garbage', 'oddTid', 'longTid', 'nulUpn']);

const NO_ID = '00000000-0000-4000-8000-000000000000';
const MAX_KEPT_BODY = 4 * 1024 * 1024;
const TIMEOUT_MS = 15_000;
const WRITES = new Set(['POST', 'PATCH', 'DELETE']);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function send(
  origin: URL,
  init: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: origin.hostname,
        port: origin.port,
        method: init.method,
        path: init.path,
        headers: init.headers,
        setHost: !('host' in init.headers),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_KEPT_BODY) chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Everything the tenant holds, through the API, and the ids of each resource for the next requests' paths. */
async function snapshot(
  stub: StubProcess,
  resources: Resource[],
): Promise<{ state: string; ids: Map<string, string[]> }> {
  const ids = new Map<string, string[]>();
  const parts: unknown[] = [];
  for (const resource of resources) {
    // A collection under a parent (an approval's steps) has no list without the parent's id: its parent's state covers it.
    if (!resource.list || resource.list.path.includes('{')) continue;
    const held: string[] = [];
    // A list that requires a $filter (role assignments) is read with one every item passes.
    const required = queryParameters(resource.list).some((p) => p.name === '$filter' && p.required);
    const property = Object.keys(resource.entity?.filterable ?? {})[0];
    const everything = required && property ? `&$filter=${encodeURIComponent(`${property} ne 'none'`)}` : '';
    let url: string | undefined =
      `${stub.origin}${resource.list.serverPath}${resource.list.path}?$top=999${everything}`;
    while (url) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${TOKENS.readWrite}` } });
      if (res.status !== 200) throw new Error(`listing ${resource.name} for a snapshot answered ${res.status}`);
      const page = (await res.json()) as { value: Array<{ id: string }>; '@odata.nextLink'?: string };
      parts.push(page.value);
      held.push(...page.value.map((item) => item.id));
      url = page['@odata.nextLink'];
    }
    ids.set(resource.idParameter, held);
  }
  return { state: JSON.stringify(parts), ids };
}

// encodeURIComponent, except that a lone surrogate (which it throws on) is sent as the invalid UTF-8 of its code unit.
function encode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      const bytes = [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(text.charAt(i));
    }
  }
  return out;
}

function pathOf(request: HostileRequest, ids: Map<string, string[]>): string {
  let path = request.template;
  for (const [name, choice] of Object.entries(request.ids)) {
    let value: string;
    if ('known' in choice) {
      const held = ids.get(name) ?? [];
      value = encode(held.length > 0 ? (held[choice.known % held.length] as string) : NO_ID);
    } else {
      value = choice.raw ? choice.text : encode(choice.text);
    }
    path = path.replace(`{${name}}`, value);
  }
  const query = request.query.map(([key, value]) => `${key}=${encode(value)}`).join('&');
  return query ? `${path}?${query}` : path;
}

// A 4xx must be Graph's envelope, naming the request it answers.
function envelopeProblem(answer: Answer): string | undefined {
  let json: { error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> } };
  try {
    json = JSON.parse(answer.text);
  } catch {
    return 'an error answer that is not JSON';
  }
  const error = json.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string')
    return 'an error answer without code and message';
  if (error.innerError?.['request-id'] !== answer.headers['request-id'])
    return 'an error answer whose innerError request-id is not its request-id header';
  return undefined;
}

/**
 * Sends `requests` requests derived from the contract (see hostileRequests) to a stub running as its
 * CLI, one at a time, and judges each: no 5xx, no crash, no answer left unsent, Graph's envelope on
 * every error, no stack trace or HTML, and the tenant unchanged unless a create, update, delete or
 * reset succeeded.
 */
export async function runHostileFuzz(
  contract: Contract,
  resources: Resource[],
  options: FuzzOptions,
): Promise<FuzzReport> {
  const samples = fc.sample(hostileRequests(contract, resources), { seed: options.seed, numRuns: options.requests });
  const stub = await startStubProcess([
    '--validate-responses',
    '--seed',
    String(options.seed >>> 0),
    ...(options.stubArgs ?? []),
  ]);
  const origin = new URL(stub.origin);
  const report: FuzzReport = {
    requests: samples.length,
    seed: options.seed,
    durationMs: 0,
    byStatus: {},
    changesAccepted: 0,
    maxRssBytes: 0,
    failures: [],
    failureCount: 0,
  };
  const fail = (failure: FuzzFailure) => {
    report.failureCount += 1;
    if (report.failures.length < 20) report.failures.push(failure);
  };
  const count = (key: string) => {
    report.byStatus[key] = (report.byStatus[key] ?? 0) + 1;
  };
  const resetEvery = options.resetEvery ?? 400;
  const started = Date.now();
  try {
    let before = await snapshot(stub, resources);
    for (const [i, request] of samples.entries()) {
      if (i > 0 && i % resetEvery === 0) {
        await fetch(`${stub.origin}/_stub/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
        before = await snapshot(stub, resources);
      }
      if (i > 0 && i % 1000 === 0) options.progress?.(i);
      const headers = { ...request.headers };
      const token = TOKENS[request.token];
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (request.origin) headers.origin = request.origin === 'own' ? stub.origin : request.origin;
      const body =
        request.body === undefined
          ? undefined
          : 'text' in request.body
            ? Buffer.from(request.body.text)
            : Buffer.from(request.body.bytes);
      // Framed whatever the method, so that a HEAD or DELETE with a body is one request, not two.
      if (body !== undefined) headers['content-length'] = String(body.length);
      let answer: Answer;
      try {
        answer = await send(origin, { method: request.method, path: pathOf(request, before.ids), headers, body });
      } catch (err) {
        const crashed = stub.crashed();
        if (crashed) {
          report.crashed = crashed;
          fail({ problem: `the stub crashed: ${crashed}`, request });
          break;
        }
        // node:http refuses some headers and paths before sending; that is the client's refusal, not the stub's.
        if (err instanceof TypeError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_INVALID')) {
          count('unsendable');
          continue;
        }
        fail({ problem: `no answer: ${(err as Error).message}`, request });
        continue;
      }
      count(String(answer.status));
      const excerpt = answer.text.slice(0, 500);
      if (answer.status >= 500)
        fail({ problem: `answered ${answer.status}`, request, status: answer.status, body: excerpt });
      if (answer.status >= 400 && request.method !== 'HEAD') {
        const problem = envelopeProblem(answer);
        if (problem) fail({ problem, request, status: answer.status, body: excerpt });
      }
      // A preflight answers before any token is read, as on Graph.
      if (REFUSED_TOKENS.has(request.token) && request.method !== 'OPTIONS' && answer.status < 300)
        fail({ problem: `a ${request.token} token was accepted`, request, status: answer.status, body: excerpt });
      if (/<html|\bat [^\n]*\.js:\d+|node_modules/i.test(answer.text))
        fail({ problem: 'an answer showing HTML or a stack trace', request, status: answer.status, body: excerpt });
      const after = await snapshot(stub, resources);
      const mayChange = answer.status >= 200 && answer.status < 300 && WRITES.has(request.method);
      if (mayChange && after.state !== before.state) report.changesAccepted += 1;
      if (!mayChange && after.state !== before.state)
        fail({
          problem: `the tenant changed, yet the request was answered ${answer.status}`,
          request,
          status: answer.status,
          body: excerpt,
        });
      before = after;
    }
  } finally {
    report.durationMs = Date.now() - started;
    report.maxRssBytes = stub.maxRssBytes();
    report.crashed ??= stub.crashed();
    await stub.stop();
  }
  return report;
}

/** The report as a person reads it: counts by status, time, memory, and the first failures with their requests. */
export function formatFuzzReport(report: FuzzReport): string {
  const statuses = Object.entries(report.byStatus).sort(([a], [b]) => a.localeCompare(b));
  const seconds = report.durationMs / 1000;
  const lines = [
    `Hostile fuzz: ${report.requests} requests derived from the contract (seed ${report.seed}) in ${seconds.toFixed(1)} s (${(report.requests / seconds).toFixed(0)}/s, each followed by a snapshot of the tenant)`,
    `answers by status: ${statuses.map(([status, n]) => `${status}: ${n}`).join(', ')}`,
    `5xx: ${statuses.filter(([s]) => s.startsWith('5')).reduce((sum, [, n]) => sum + n, 0)}   changes accepted: ${report.changesAccepted}   stub's peak RSS: ${(report.maxRssBytes / 1024 / 1024).toFixed(0)} MB   crashed: ${report.crashed ? 'yes' : 'no'}`,
    `failures: ${report.failureCount}`,
  ];
  for (const failure of report.failures) {
    lines.push(
      `  - ${failure.problem}: ${failure.request.method} ${failure.request.template} ${JSON.stringify({ ids: failure.request.ids, query: failure.request.query, headers: failure.request.headers, token: failure.request.token, origin: failure.request.origin, body: failure.request.body && 'text' in failure.request.body ? failure.request.body.text.slice(0, 300) : failure.request.body })}${failure.body ? `\n    answer: ${failure.body}` : ''}`,
    );
  }
  return lines.join('\n');
}
