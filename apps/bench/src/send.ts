// A hung request would otherwise hang the whole run; no answer from a local server takes this long.
const REQUEST_TIMEOUT_MS = 30_000;

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** Path and query under the base URL. */
  path: string;
  body?: string;
}

export interface Answer {
  status: number;
  body: Buffer;
  contentType: string;
}

/** Sends one request and reads its whole answer. */
export async function send(baseUrl: string, request: RequestSpec, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers,
    body: request.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  // Reading the whole body is part of the answer's cost, and frees the connection for the next request.
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, body, contentType: res.headers.get('content-type') ?? 'application/json' };
}
