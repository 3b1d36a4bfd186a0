import type { ScenarioName } from './scenarios.js';

// The shape of a run's numbers, as runBenchmark returns them and the CLI writes them to JSON.

export interface Failure {
  /** 0 when no answer came (connection error, timeout). */
  status: number;
  detail: string;
  /** How many failed requests got this same answer. */
  count: number;
}

export interface LoopStats {
  /** Measured requests; warm-up ones are not in the numbers below except `failed`. */
  requests: number;
  warmupRequests: number;
  /** Non-2xx answers and requests without an answer, warm-up included. */
  failed: number;
  /** The first few distinct failures. */
  failures: Failure[];
  totalMs: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  /** Per-request latency in completion order, rounded to microseconds. */
  latenciesMs: number[];
}

export interface ScenarioRun {
  validateResponses: boolean;
  /** Bytes of the stub's answer, which the baseline sends too. */
  responseBytes: number;
  responseStatus: number;
  baseline: LoopStats;
  stub: LoopStats;
  /** stub req/s divided by baseline req/s: 1 would mean the stub costs nothing beyond moving the bytes. */
  throughputRatio: number;
}

export interface ScenarioResult {
  name: ScenarioName;
  title: string;
  method: 'GET' | 'POST';
  path: string;
  runs: ScenarioRun[];
}

export interface BenchResult {
  startedAt: string;
  durationMs: number;
  environment: { node: string; platform: string; arch: string; cpus: number };
  options: { requests: number; warmupRequests: number; concurrency: number; items: number };
  scenarios: ScenarioResult[];
  /** Failed requests over every loop, baseline included; anything above 0 fails the run. */
  failedRequests: number;
}
