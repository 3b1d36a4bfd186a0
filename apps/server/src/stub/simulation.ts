import type { RequestHandler } from 'express';
import { GraphHttpError } from '../graph/http-error.js';

/** Statuses the stub may fail with at random: the transient ones Graph clients must retry. */
export const SIMULATED_STATUSES = [429, 500, 502, 503, 504] as const;
export type SimulatedStatus = (typeof SIMULATED_STATUSES)[number];

export interface SimulationOptions {
  /** Each request waits a random time in this range (milliseconds), like a real network round trip. */
  latencyMs?: { min: number; max: number };
  /** The share of requests (0-1) that fail with one of `errorStatuses`. */
  errorRate?: number;
  errorStatuses?: SimulatedStatus[];
  /** Graph-style throttling: at most `requests` per `windowMs`, then 429 until the window ends. */
  rateLimit?: { requests: number; windowMs: number };
  /** Seed of the random choices, so a run can be repeated exactly. */
  seed?: number;
  /** Seconds sent in Retry-After with simulated errors. Default 1. */
  retryAfterSeconds?: number;
}

/** mulberry32: tiny, fast, and deterministic for a given seed, which is all a simulation needs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Codes and wording follow what Graph sends for these statuses (https://learn.microsoft.com/graph/errors and https://learn.microsoft.com/graph/throttling).
const FAILURES: Record<SimulatedStatus, { code: string; message: (retryAfter: number) => string }> = {
  429: { code: 'TooManyRequests', message: (s) => `Too many requests. Retry after ${s} second(s).` },
  500: {
    code: 'InternalServerError',
    message: () => 'The service had an internal error (simulated). Retry the request.',
  },
  502: {
    code: 'BadGateway',
    message: () => 'The service behind Microsoft Graph returned an invalid response (simulated). Retry the request.',
  },
  503: {
    code: 'ServiceUnavailable',
    message: (s) => `The service is temporarily unavailable (simulated). Retry after ${s} second(s).`,
  },
  504: {
    code: 'GatewayTimeout',
    message: (s) =>
      `The service behind Microsoft Graph did not answer in time (simulated). Retry after ${s} second(s).`,
  },
};

// Graph sends Retry-After with throttling and with unavailability; the contract documents it there.
const WITH_RETRY_AFTER = new Set<number>([429, 503, 504]);

export function simulatedError(status: SimulatedStatus, retryAfterSeconds: number): GraphHttpError {
  const failure = FAILURES[status];
  const headers: Record<string, string> = WITH_RETRY_AFTER.has(status)
    ? { 'Retry-After': String(retryAfterSeconds) }
    : {};
  return new GraphHttpError(status, failure.code, failure.message(retryAfterSeconds), undefined, headers);
}

export interface Simulation {
  middleware: RequestHandler;
  /** Starts a fresh rate-limit window and restarts the random sequence from the seed. */
  reset(): void;
}

/**
 * Latency, random transient failures and throttling, applied before a request reaches any handler,
 * so a simulated failure never changes stored data.
 */
export function createSimulation(options: SimulationOptions, now: () => number = Date.now): Simulation {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const retryAfter = options.retryAfterSeconds ?? 1;
  const statuses = options.errorStatuses?.length ? options.errorStatuses : [...SIMULATED_STATUSES];
  let random = seededRandom(seed);
  let windowStart = now();
  let used = 0;

  const middleware: RequestHandler = (_req, _res, next) => {
    const decide = (): GraphHttpError | undefined => {
      if (options.rateLimit) {
        const t = now();
        if (t - windowStart >= options.rateLimit.windowMs) {
          windowStart = t;
          used = 0;
        }
        used += 1;
        if (used > options.rateLimit.requests) {
          const seconds = Math.max(1, Math.ceil((windowStart + options.rateLimit.windowMs - t) / 1000));
          return simulatedError(429, seconds);
        }
      }
      if (options.errorRate && random() < options.errorRate) {
        const status = statuses[Math.floor(random() * statuses.length)] ?? 503;
        return simulatedError(status, retryAfter);
      }
      return undefined;
    };
    const failure = decide();
    const latency = options.latencyMs;
    const delay = latency ? latency.min + Math.floor(random() * (latency.max - latency.min + 1)) : 0;
    if (delay > 0) setTimeout(() => next(failure), delay);
    else next(failure);
  };

  return {
    middleware,
    reset() {
      random = seededRandom(seed);
      windowStart = now();
      used = 0;
    },
  };
}

export function simulationEnabled(options: SimulationOptions | undefined): options is SimulationOptions {
  return !!options && (!!options.latencyMs || !!options.errorRate || !!options.rateLimit);
}
