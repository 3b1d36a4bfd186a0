/** How failed requests are retried. Every field has a default; `retry: false` turns retries off. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** The most time spent waiting between attempts of one call, in ms; a wait that would pass it is not taken. Default 60 000. */
  maxTotalDelayMs?: number;
  /** First backoff delay when the service gives no Retry-After, in ms; it doubles each retry. Default 500. */
  baseDelayMs?: number;
  /** The longest single backoff delay, in ms. Default 30 000. */
  maxDelayMs?: number;
  /** Called before each retry, e.g. to log it. */
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  /** 1 for the first retry. */
  attempt: number;
  delayMs: number;
  method: string;
  url: string;
  clientRequestId: string;
  /** The status that caused the retry; absent for a transport failure. */
  status?: number;
  /** Whether the delay came from the service's Retry-After header. */
  fromRetryAfter: boolean;
  error?: unknown;
}

export type ResolvedRetry = Required<Omit<RetryOptions, 'onRetry'>> & Pick<RetryOptions, 'onRetry'>;

export function resolveRetry(options: RetryOptions | false | undefined): ResolvedRetry {
  if (options === false) return { maxRetries: 0, maxTotalDelayMs: 0, baseDelayMs: 0, maxDelayMs: 0 };
  return {
    maxRetries: options?.maxRetries ?? 3,
    maxTotalDelayMs: options?.maxTotalDelayMs ?? 60_000,
    baseDelayMs: options?.baseDelayMs ?? 500,
    maxDelayMs: options?.maxDelayMs ?? 30_000,
    onRetry: options?.onRetry,
  };
}

/** Statuses Graph asks clients to retry: throttling, and a service that is briefly down or slow. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** `Retry-After` as a delay in ms: delta-seconds or an HTTP date (RFC 9110); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP date always names its month; without the check, Date.parse reads "-1" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": half the delay is fixed, half random, so clients spread out. */
export function backoffDelay(retry: number, options: ResolvedRetry, random: () => number = Math.random): number {
  const exponential = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/**
 * Whether a status may be retried for this method. A POST or PATCH is retried only when Graph
 * guarantees it did nothing: a 429 or 503 that says when to come back. A 504 may hide a change
 * that happened, so only idempotent requests retry it.
 */
export function mayRetryStatus(status: number, method: string, retryAfter: number | undefined): boolean {
  if (!RETRYABLE_STATUSES.has(status)) return false;
  if (isIdempotent(method)) return true;
  return (status === 429 || status === 503) && retryAfter !== undefined;
}
