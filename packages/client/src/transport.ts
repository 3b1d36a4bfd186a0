import type { TokenSource } from './auth.js';
import { GraphTransportError } from './errors.js';
import { newGuid } from './guid.js';
import { backoffDelay, isIdempotent, mayRetryStatus, parseRetryAfter, type ResolvedRetry } from './retry.js';

/** What a middleware hook learns about the attempt it sees. */
export interface AttemptInfo {
  /** The request as it leaves: headers (`client-request-id`, `authorization`) set. */
  request: Request;
  /** 0 for the first attempt, 1 for the first retry, and so on. */
  attempt: number;
  /** The call's `client-request-id`, the same on every attempt. */
  clientRequestId: string;
}

/**
 * Hooks around every HTTP attempt the client makes (retries and `nextPage`/`listAll` pages included), in order;
 * for logging, tracing and metrics. Errors a hook throws fail the call.
 */
export interface Middleware {
  /** Before an attempt is sent; return a Request to send instead (e.g. with a `traceparent` header). */
  // biome-ignore lint/suspicious/noConfusingVoidType: an async hook that returns nothing is a Promise<void>.
  onRequest?(info: AttemptInfo): Request | undefined | void | Promise<Request | undefined | void>;
  /** After an attempt got an answer, any status, before retries are decided. Do not read the body: clone it. */
  onResponse?(info: AttemptInfo & { response: Response; durationMs: number }): void | Promise<void>;
  /** After an attempt got no answer at all (connection refused, DNS, TLS, abort). */
  onError?(info: AttemptInfo & { error: unknown; durationMs: number }): void | Promise<void>;
}

export interface TransportOptions {
  fetch: typeof fetch;
  tokens: TokenSource;
  retry: ResolvedRetry;
  middleware?: readonly Middleware[];
  /** Injected by tests of the retry arithmetic; real waits otherwise. */
  random?: () => number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

/**
 * The fetch every HTTP attempt goes through (the client's calls and hey-api's generated client alike): it stamps
 * every attempt with the same `client-request-id` (Graph uses it to correlate retries), attaches a fresh bearer
 * token, and retries what Graph asks clients to retry. Aborts are passed through untouched; the caller knows
 * whether it was a timeout.
 */
export function createGraphFetch(options: TransportOptions): typeof fetch {
  const { retry, tokens } = options;
  const middleware = options.middleware ?? [];
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const clientRequestId = request.headers.get('client-request-id') ?? newGuid();
    const method = request.method;
    let waited = 0;

    const wait = async (
      retryNumber: number,
      delayMs: number,
      fromRetryAfter: boolean,
      status?: number,
      error?: unknown,
    ) => {
      retry.onRetry?.({
        attempt: retryNumber,
        delayMs,
        method,
        url: request.url,
        clientRequestId,
        status,
        fromRetryAfter,
        error,
      });
      await sleep(delayMs, request.signal);
      waited += delayMs;
    };

    for (let retried = 0; ; retried += 1) {
      // Each attempt sends a clone: a body can be read only once.
      let attempt = request.clone();
      attempt.headers.set('client-request-id', clientRequestId);
      const token = await tokens();
      if (token) attempt.headers.set('authorization', `Bearer ${token}`);
      for (const hooks of middleware) {
        attempt = (await hooks.onRequest?.({ request: attempt, attempt: retried, clientRequestId })) ?? attempt;
      }

      let response: Response;
      const started = Date.now();
      try {
        response = await options.fetch(attempt);
      } catch (error) {
        for (const hooks of middleware) {
          await hooks.onError?.({
            request: attempt,
            attempt: retried,
            clientRequestId,
            error,
            durationMs: Date.now() - started,
          });
        }
        if (request.signal.aborted) throw error;
        const delay = backoffDelay(retried + 1, retry, options.random);
        if (isIdempotent(method) && retried < retry.maxRetries && waited + delay <= retry.maxTotalDelayMs) {
          await wait(retried + 1, delay, false, undefined, error);
          continue;
        }
        throw new GraphTransportError(
          `${method} ${request.url} got no answer (${describe(error)}). Check the base URL, the network, and that the service is running.`,
          clientRequestId,
          { cause: error },
        );
      }

      for (const hooks of middleware) {
        await hooks.onResponse?.({
          request: attempt,
          attempt: retried,
          clientRequestId,
          response,
          durationMs: Date.now() - started,
        });
      }
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      if (retried < retry.maxRetries && mayRetryStatus(response.status, method, retryAfter)) {
        const delay = retryAfter ?? backoffDelay(retried + 1, retry, options.random);
        if (waited + delay <= retry.maxTotalDelayMs) {
          // Release the connection of the answer we are not going to read.
          await response.body?.cancel();
          await wait(retried + 1, delay, retryAfter !== undefined, response.status);
          continue;
        }
      }
      return response;
    }
  };
}
