import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ContractRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /**
   * The shell variable that holds the bearer token, e.g. `CONTRACT_TOKEN`: the curl line names the
   * variable instead of printing a tenant's token.
   */
  tokenVariable?: string;
}

export interface ContractResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  text: string;
  /** The parsed body, when it is JSON. */
  json?: unknown;
}

export interface Exchange {
  request: ContractRequest;
  response: ContractResponse;
}

const TIMEOUT_MS = 30_000;

export async function send(request: ContractRequest): Promise<ContractResponse> {
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const text = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  let json: unknown;
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, headers, text, ...(json === undefined ? {} : { json }) };
}

/** Quotes for a POSIX shell: single quotes, with each `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

// Bodies longer than this go to a file that the curl line reads, so the line stays pasteable.
const INLINE_BODY_LIMIT = 4096;

function bodyFile(body: string): string {
  const dir = join(tmpdir(), 'accesspackage-contract-bodies');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${createHash('sha256').update(body).digest('hex').slice(0, 16)}.json`);
  writeFileSync(file, body);
  return file;
}

/** The request as a curl command a person can paste into a shell to see the same answer. */
export function curlOf(request: ContractRequest): string {
  const lines = [`curl -sS -i -X ${request.method.toUpperCase()} ${shellQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers)) {
    const bearer = /^bearer\s+/i.test(value) && name.toLowerCase() === 'authorization';
    if (bearer && request.tokenVariable) lines.push(`-H "${name}: Bearer $${request.tokenVariable}"`);
    else lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (request.body !== undefined) {
    if (request.body.length > INLINE_BODY_LIMIT) lines.push(`--data-binary @${shellQuote(bodyFile(request.body))}`);
    else lines.push(`--data-raw ${shellQuote(request.body)}`);
  }
  return lines.join(' \\\n    ');
}

const SHOWN_BODY = 3000;

export function describeResponse(response: ContractResponse): string {
  const headers = Object.entries(response.headers).map(([name, value]) => `${name}: ${value}`);
  let body = response.json !== undefined ? JSON.stringify(response.json, null, 2) : response.text;
  if (body.length > SHOWN_BODY) body = `${body.slice(0, SHOWN_BODY)}\n... (${body.length} characters in all)`;
  return [`HTTP ${response.status}`, ...headers, '', body === '' ? '(empty body)' : body].join('\n');
}

function indent(text: string, by = '  '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${by}${line}`))
    .join('\n');
}

/** A case failure that shows everything needed to reproduce it: problems, curl line, response, seed. */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';

  constructor(
    readonly headline: string,
    readonly problems: string[],
    readonly exchange: Exchange,
    readonly footer: string[],
  ) {
    super(
      [
        headline,
        '',
        ...problems.map((p, i) => `  ${i + 1}. ${p}`),
        '',
        'Request, to reproduce:',
        indent(curlOf(exchange.request)),
        '',
        'Response:',
        indent(describeResponse(exchange.response)),
        '',
        ...footer,
      ].join('\n'),
    );
  }
}
