import { cpus } from 'node:os';
import { createDevToken, startServer } from '@accesspackage/server';
import { startBaseline } from './baseline-server.js';
import { BenchError } from './bench-error.js';
import { describeLoopFailures } from './failures.js';
import { Loop } from './loop.js';
import { measurePair, warmupCount } from './measure-pair.js';
import type { BenchResult, ScenarioResult } from './result.js';
import { type Scenario, type ScenarioName, scenarios } from './scenarios.js';
import { seed } from './seed.js';
import { send } from './send.js';
import { round3 } from './statistics.js';

/*
 * Throughput of the stub as a ratio against a bare node:http server answering the same number of bytes,
 * both measured in the same process by the same client loop. Absolute numbers depend on the machine and on
 * what else runs on it; the ratio mostly cancels that out, which is why it is the number to compare.
 */

export interface BenchOptions {
  /** Measured requests per scenario and server, after the warm-up (10% more). Default 2000. */
  requests: number;
  /** Requests in flight at once. Default 8. */
  concurrency: number;
  /** Access packages created in each stub before measuring. Default 200. */
  items: number;
  /** Progress lines, e.g. to stderr. Default: none. */
  log?: (line: string) => void;
}

export const DEFAULT_OPTIONS: Readonly<Omit<BenchOptions, 'log'>> = { requests: 2000, concurrency: 8, items: 200 };

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new BenchError(`${name} must be a whole number above 0; got ${value}.`);
}

export async function runBenchmark(options: Partial<BenchOptions> = {}): Promise<BenchResult> {
  const opts: BenchOptions = { ...DEFAULT_OPTIONS, ...options };
  requirePositiveInteger('requests', opts.requests);
  requirePositiveInteger('concurrency', opts.concurrency);
  requirePositiveInteger('items', opts.items);
  const log = opts.log ?? (() => undefined);
  const startedAt = new Date();
  const started = performance.now();

  const headers = {
    authorization: `Bearer ${createDevToken()}`,
    accept: 'application/json',
    'content-type': 'application/json',
  };
  const results = new Map<ScenarioName, ScenarioResult>();
  const servers: Array<{ close(): Promise<void> }> = [];
  try {
    const baseline = await startBaseline();
    servers.push(baseline);
    const stubs: Array<{ mode: string; validateResponses: boolean; baseUrl: string; scenarios: Scenario[] }> = [];
    for (const validateResponses of [false, true]) {
      // One stub per mode, so that the creates of one mode do not change what the other lists.
      const stub = await startServer({ port: 0, validateResponses });
      servers.push(stub);
      const ids = await seed(stub.baseUrl, opts.items, headers, opts.concurrency);
      const mode = `validateResponses ${validateResponses ? 'on' : 'off'}`;
      stubs.push({
        mode,
        validateResponses,
        baseUrl: stub.baseUrl,
        scenarios: scenarios(ids[Math.floor(ids.length / 2)] ?? ''),
      });
    }

    // The stub's real answer, replayed byte for byte by the baseline.
    const probe = async (stub: (typeof stubs)[number], scenario: Scenario) => {
      const answer = await send(stub.baseUrl, scenario, headers);
      if (answer.status < 200 || answer.status > 299) {
        throw new BenchError(
          `${scenario.title} (${stub.mode}): the stub answered ${answer.status}: ${answer.body.toString('utf8', 0, 300)}`,
        );
      }
      baseline.answerWith(answer);
      return answer;
    };

    // The first thousands of requests of a process run slower (JIT, allocator, connection pools) on any server;
    // one unmeasured pass over everything keeps that out of whichever scenario happens to be measured first.
    log('warming up');
    for (const stub of stubs) {
      for (const scenario of stub.scenarios) {
        await probe(stub, scenario);
        for (const baseUrl of [baseline.baseUrl, stub.baseUrl]) {
          const loop = new Loop(baseUrl, scenario, headers, opts.concurrency);
          await loop.warmUp(warmupCount(opts.requests));
          const stats = loop.stats();
          if (stats.failed > 0)
            throw new BenchError(
              `${scenario.title} (${stub.mode}) failed while warming up: ${describeLoopFailures(stats)}`,
            );
        }
      }
    }

    for (const stub of stubs) {
      for (const scenario of stub.scenarios) {
        const answer = await probe(stub, scenario);
        log(`${stub.mode}: ${scenario.title}, ${answer.body.length} bytes per answer`);
        const measured = await measurePair(
          new Loop(baseline.baseUrl, scenario, headers, opts.concurrency),
          new Loop(stub.baseUrl, scenario, headers, opts.concurrency),
          opts.requests,
        );
        const result = results.get(scenario.name) ?? {
          name: scenario.name,
          title: scenario.title,
          method: scenario.method,
          path: scenario.path,
          runs: [],
        };
        result.runs.push({
          validateResponses: stub.validateResponses,
          responseBytes: answer.body.length,
          responseStatus: answer.status,
          ...measured,
          throughputRatio: round3(measured.stub.requestsPerSecond / measured.baseline.requestsPerSecond),
        });
        results.set(scenario.name, result);
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.close()));
  }

  const scenarioResults = [...results.values()];
  const failedRequests = scenarioResults
    .flatMap((s) => s.runs)
    .reduce((sum, run) => sum + run.baseline.failed + run.stub.failed, 0);
  return {
    startedAt: startedAt.toISOString(),
    durationMs: round3(performance.now() - started),
    environment: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length },
    options: {
      requests: opts.requests,
      warmupRequests: warmupCount(opts.requests),
      concurrency: opts.concurrency,
      items: opts.items,
    },
    scenarios: scenarioResults,
    failedRequests,
  };
}
