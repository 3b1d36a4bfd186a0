import { type AuthOption, tokenSource } from './auth.js';
import { GraphError, GraphTimeoutError, GraphTransportError } from './errors.js';
import { newGuid } from './guid.js';
import type { CallOptions, ODataQuery } from './odata-options.js';
import { type RetryOptions, resolveRetry } from './retry.js';
import { createGraphFetch, type Middleware } from './transport.js';

// One call, from a request description to its answer or a typed failure: what the facade
// (`createAccessPackageClient`) and the per-operation functions (`createAccessPackage(graph, body)`) both send
// through. It builds URLs and JSON bodies itself rather than through hey-api's generated client, whose
// serialisers, interceptors and server-sent-events support would otherwise ride along in every browser bundle.

/** Microsoft Graph's beta endpoint, the default base URL. */
export const GRAPH_BETA_URL = 'https://graph.microsoft.com/beta';

/** How a client or a transport reaches Graph: the options of `createAccessPackageClient` and `createGraphTransport`. */
export interface GraphTransportOptions {
  /** Where to send requests: Graph beta by default, or a stub such as `http://127.0.0.1:4010/beta`. */
  baseUrl?: string;
  /** A token string, a function returning one, or an @azure/identity-style credential. */
  auth?: AuthOption;
  /** Scopes asked of a credential. Default `https://graph.microsoft.com/.default`. */
  scopes?: string[];
  /** Retries of throttled and failed requests; `false` for none. */
  retry?: RetryOptions | false;
  /** Default time limit of every call, in ms, retries included. Default: none. */
  timeoutMs?: number;
  /** The fetch to use; defaults to the global one (Node 20+, browsers). */
  fetch?: typeof fetch;
  /** Hooks around every HTTP attempt (retries and pages included), in order: logging, tracing, metrics. */
  middleware?: readonly Middleware[];
}

/** A successful answer with what came with it: `raw` calls resolve to this. */
export interface GraphResponse<T> {
  /** What the plain call resolves to (undefined for 204 No Content). */
  data: T;
  status: number;
  headers: Headers;
  /** Graph's `request-id` of the answer: quote it when you report a problem to Microsoft. */
  requestId: string | undefined;
  /** The `client-request-id` the call sent (the same on every retry). */
  clientRequestId: string;
}

/** One page of a collection, with the annotations a caller pages and counts with. */
export interface Page<T> {
  value: T[];
  '@odata.context'?: string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
}

/** One HTTP call to Graph, as an operation describes it. */
export interface GraphRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /**
   * The contract's path template (`/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}`),
   * appended to the base URL; or an absolute URL (an `@odata.nextLink`), sent verbatim as Graph asks.
   */
  url: string;
  /** Values of the template's `{name}` parameters, percent-encoded into the path. */
  path?: Readonly<Record<string, string>>;
  query?: ODataQuery;
  /** Sent as JSON. */
  body?: unknown;
  /** The answer carries no body worth returning (204, or Graph's bodiless 200): the call resolves to undefined. */
  empty?: boolean;
}

/**
 * A request as the generated types of its operation allow it (`...Data`): the contract's path template, parameters and
 * body. The generated calls check each request they send against it, so one that drifts from the contract fails the
 * build.
 */
export type Operation<D extends { url: string; path?: unknown; body?: unknown }> = Omit<
  GraphRequest,
  'url' | 'path' | 'body'
> & {
  url: D['url'];
  path?: D['path'];
  body?: D['body'];
};

/** The body of an operation's answer, from its generated `...Responses` type. */
export type Answer<R> = R[keyof R];
/** The item of a collection an operation answers with. */
export type Item<R> = Answer<R> extends { value: Array<infer T> } ? T : never;

/** What a call resolves to on a transport: the body, or on `graph.raw` a GraphResponse with it. */
export type GraphAnswer<Raw extends boolean, T> = Raw extends true ? GraphResponse<T> : T;

/**
 * Sends calls to Graph with a client's auth, retries, time limits, middleware and `client-request-id`s; the
 * per-operation functions take one as their first argument. `raw` is the same transport resolving to GraphResponse.
 */
export interface GraphTransport<Raw extends boolean = false> {
  readonly baseUrl: string;
  /** The fetch every HTTP attempt goes through: bearer token, `client-request-id`, retries and middleware. */
  readonly fetch: typeof fetch;
  /** The same transport, whose calls resolve to `{ data, status, headers, requestId, clientRequestId }`. */
  readonly raw: GraphTransport<true>;
  /** Sends one request; fails with GraphError, GraphTimeoutError, GraphTransportError or the signal's reason. */
  send<T>(request: GraphRequest, callOptions?: CallOptions): Promise<GraphAnswer<Raw, T>>;
}

function urlOf(baseUrl: string, { url, path, query }: GraphRequest): string {
  if (/^https?:\/\//i.test(url)) return url;
  // Encoded as hey-api's generated client encodes them, so both clients send the same bytes for the same call.
  const href = baseUrl + url.replace(/{(\w+)}/g, (_, name: string) => encodeURIComponent(String(path?.[name])));
  const search = Object.entries(query ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`)
    .join('&');
  return search ? `${href}?${search}` : href;
}

/** The body as JSON when it parses, else as text (GraphError keeps whatever a non-Graph server sent); none: undefined. */
async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return text;
  }
}

/** A transport for the per-operation functions; `createAccessPackageClient` is built on one too. */
export function createGraphTransport(options: GraphTransportOptions = {}): GraphTransport {
  // `https://graph.microsoft.com/beta/` and `.../beta` are one service root: paths start with their own `/`.
  const baseUrl = (options.baseUrl ?? GRAPH_BETA_URL).replace(/\/+$/, '');
  // Said when the client is made, not as a transport failure of its first call.
  if (options.middleware !== undefined && !Array.isArray(options.middleware)) {
    throw new TypeError('middleware takes a list of hooks: `middleware: [{ onRequest, onResponse, onError }]`.');
  }
  // Looked up per call, so a test or polyfill that replaces globalThis.fetch later is honoured.
  const baseFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const graphFetch = createGraphFetch({
    fetch: baseFetch,
    tokens: tokenSource(options.auth, options.scopes),
    retry: resolveRetry(options.retry),
    middleware: options.middleware,
  });

  /** Runs one call with its own client-request-id, time limit, abort signal and headers; failures become errors. */
  async function send(request: GraphRequest, callOptions: CallOptions | undefined, raw: boolean): Promise<unknown> {
    const headers = new Headers({ accept: 'application/json' });
    if (request.body !== undefined) headers.set('content-type', 'application/json');
    // Headers, not a plain object: the caller's `Content-Type` or `Client-Request-Id` replaces ours in any case.
    for (const [name, value] of Object.entries(callOptions?.headers ?? {})) headers.set(name, value);
    const clientRequestId = headers.get('client-request-id') ?? newGuid();
    headers.set('client-request-id', clientRequestId);

    const timeoutMs = callOptions?.timeoutMs ?? options.timeoutMs;
    const userSignal = callOptions?.signal;
    if (userSignal?.aborted) throw userSignal.reason;
    const controller = new AbortController();
    const onUserAbort = () => controller.abort(userSignal?.reason);
    userSignal?.addEventListener('abort', onUserAbort, { once: true });
    let timedOut = false;
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort(new GraphTimeoutError(timeoutMs, clientRequestId));
          }, timeoutMs);
    try {
      // The signal covers reading the body too: a time limit or an abort also stops a slow answer.
      const response = await graphFetch(urlOf(baseUrl, request), {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
      });
      const body = await readBody(response);
      if (!response.ok) throw new GraphError(response.status, body, response.headers);
      const data = request.empty ? undefined : body;
      if (!raw) return data;
      const answer: GraphResponse<unknown> = {
        data,
        status: response.status,
        headers: response.headers,
        requestId: response.headers.get('request-id') ?? undefined,
        clientRequestId: response.headers.get('client-request-id') ?? clientRequestId,
      };
      return answer;
    } catch (error) {
      if (error instanceof GraphError) throw error;
      if (timedOut) throw new GraphTimeoutError(timeoutMs as number, clientRequestId);
      if (userSignal?.aborted) throw userSignal.reason;
      if (error instanceof GraphTransportError) throw error;
      throw new GraphTransportError(
        `The call failed before an answer was read: ${(error as Error)?.message ?? String(error)}`,
        clientRequestId,
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', onUserAbort);
    }
  }

  const rawTransport: GraphTransport<true> = {
    baseUrl,
    fetch: graphFetch,
    get raw() {
      return rawTransport;
    },
    send: <T>(request: GraphRequest, callOptions?: CallOptions) =>
      send(request, callOptions, true) as Promise<GraphResponse<T>>,
  };
  return {
    baseUrl,
    fetch: graphFetch,
    raw: rawTransport,
    send: <T>(request: GraphRequest, callOptions?: CallOptions) => send(request, callOptions, false) as Promise<T>,
  };
}
