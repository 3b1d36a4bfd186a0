import type { TokenSource } from './auth.js';
import { GraphTransportError } from './errors.js';
import { backoffDelay, isIdempotent, mayRetryStatus, parseRetryAfter, type ResolvedRetry } from './retry.js';

export interface TransportOptions {
  fetch: typeof fetch;
  tokens: TokenSource;
  retry: ResolvedRetry;
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
 * The fetch the generated client calls: it stamps every attempt with the same `client-request-id`
 * (Graph uses it to correlate retries), attaches a fresh bearer token, and retries what Graph asks
 * clients to retry. Aborts are passed through untouched; the caller knows whether it was a timeout.
 */
export function createGraphFetch(options: TransportOptions): typeof fetch {
  const { retry, tokens } = options;
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const clientRequestId = request.headers.get('client-request-id') ?? globalThis.crypto.randomUUID();
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
      const attempt = request.clone();
      attempt.headers.set('client-request-id', clientRequestId);
      const token = await tokens();
      if (token) attempt.headers.set('authorization', `Bearer ${token}`);

      let response: Response;
      try {
        response = await options.fetch(attempt);
      } catch (error) {
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
