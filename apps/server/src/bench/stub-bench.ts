import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { helpText, type OptionSpec, readOptions } from '../cli-options.js';
import { createDevToken } from '../dev-token.js';
import { startServer } from '../server.js';
import { GENERAL_CATALOG_ID } from '../store.js';

/*
 * Throughput of the stub as a ratio against a bare node:http server answering the same number of bytes,
 * both measured in the same process by the same client loop. Absolute numbers depend on the machine and on
 * what else runs on it; the ratio mostly cancels that out, which is why it is the number to compare.
 */

const PACKAGES = '/identityGovernance/entitlementManagement/accessPackages';
// A hung request would otherwise hang the whole run; no answer from a local server takes this long.
const REQUEST_TIMEOUT_MS = 30_000;
const FAILURE_EXAMPLES = 5;
// Turns baseline and stub take per scenario; see measurePair.
const ROUNDS = 4;

const warmupCount = (requests: number) => Math.ceil(requests / 10);

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

export type ScenarioName = 'list' | 'filter' | 'get' | 'create';

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

interface RequestSpec {
  method: 'GET' | 'POST';
  /** Path and query under the base URL. */
  path: string;
  body?: string;
}

interface Scenario extends RequestSpec {
  name: ScenarioName;
  title: string;
}

function scenarios(anId: string): Scenario[] {
  const filter = encodeURIComponent("contains(tolower(displayName),'7')");
  return [
    { name: 'list', title: 'list first page', method: 'GET', path: `${PACKAGES}?$top=100` },
    { name: 'filter', title: 'filtered list', method: 'GET', path: `${PACKAGES}?$filter=${filter}&$select=displayName` },
    { name: 'get', title: 'get one by id', method: 'GET', path: `${PACKAGES}/${anId}` },
    // Creates grow the collection the lists read: measured last, with a name that has no '7' so that the
    // warm-up pass's creates leave the filtered list as it was (and, with 100 items or more, the first page).
    {
      name: 'create',
      title: 'create',
      method: 'POST',
      path: PACKAGES,
      body: JSON.stringify({ catalogId: GENERAL_CATALOG_ID, displayName: 'Bench package', description: 'Created by the benchmark.' }),
    },
  ];
}

/** Runs `task(0..count-1)` with at most `concurrency` of them pending at once. */
async function pool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}

interface Answer {
  status: number;
  body: Buffer;
  contentType: string;
}

async function send(baseUrl: string, request: RequestSpec, headers: Record<string, string>): Promise<Answer> {
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

function percentile(sorted: number[], p: number): number {
  // Nearest rank: always one of the measured values, never an interpolation between two.
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * The client loop: the same for the baseline and the stub, so their difference is the servers'.
 * A loop runs in several rounds (see measurePair), and its numbers add up over them.
 */
class Loop {
  private readonly latencies: number[] = [];
  private readonly failures: Failure[] = [];
  private failed = 0;
  private measuredMs = 0;
  private warmupRequests = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly request: RequestSpec,
    private readonly headers: Record<string, string>,
    private readonly concurrency: number,
  ) {}

  /** Sends `count` requests without recording their latency; failures still count. */
  async warmUp(count: number): Promise<void> {
    this.warmupRequests += count;
    await pool(count, this.concurrency, () => this.one(false));
  }

  async measure(count: number): Promise<void> {
    const started = performance.now();
    await pool(count, this.concurrency, () => this.one(true));
    this.measuredMs += performance.now() - started;
  }

  private async one(record: boolean): Promise<void> {
    const started = performance.now();
    try {
      const answer = await send(this.baseUrl, this.request, this.headers);
      if (answer.status < 200 || answer.status > 299) this.fail(answer.status, answer.body.toString('utf8', 0, 300));
    } catch (err) {
      this.fail(0, (err as Error).message);
    }
    if (record) this.latencies.push(performance.now() - started);
  }

  private fail(status: number, detail: string): void {
    this.failed++;
    const same = this.failures.find((f) => f.status === status && f.detail === detail);
    if (same) same.count++;
    else if (this.failures.length < FAILURE_EXAMPLES) this.failures.push({ status, detail, count: 1 });
  }

  stats(): LoopStats {
    const requests = this.latencies.length;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      requests,
      warmupRequests: this.warmupRequests,
      failed: this.failed,
      failures: this.failures,
      totalMs: round3(this.measuredMs),
      requestsPerSecond: round3(requests / (this.measuredMs / 1000)),
      p50Ms: round3(percentile(sorted, 50)),
      p99Ms: round3(percentile(sorted, 99)),
      meanMs: round3(sorted.reduce((sum, ms) => sum + ms, 0) / Math.max(1, requests)),
      maxMs: round3(sorted[sorted.length - 1] ?? Number.NaN),
      latenciesMs: this.latencies.map(round3),
    };
  }
}

/** `total` in `parts` nearly equal whole shares, none of them 0. */
function shares(total: number, parts: number): number[] {
  const n = Math.min(parts, total);
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}

/**
 * Baseline and stub take turns, a share of the requests at a time: on a shared machine the load of
 * other processes drifts over seconds, and alternating lets both sides of a ratio see the same drift.
 */
async function measurePair(baseline: Loop, stub: Loop, options: BenchOptions): Promise<{ baseline: LoopStats; stub: LoopStats }> {
  const warmup = warmupCount(options.requests);
  await baseline.warmUp(warmup);
  await stub.warmUp(warmup);
  for (const share of shares(options.requests, ROUNDS)) {
    await baseline.measure(share);
    await stub.measure(share);
  }
  return { baseline: baseline.stats(), stub: stub.stats() };
}

interface Baseline {
  baseUrl: string;
  /** What every following request gets, until the next call. */
  answerWith(answer: Answer): void;
  close(): Promise<void>;
}

/** The cheapest server that still speaks HTTP/1.1 with keep-alive and sends the stub's bytes. */
async function startBaseline(): Promise<Baseline> {
  let current: Answer = { status: 200, body: Buffer.from('{}'), contentType: 'application/json' };
  const server: Server = createServer((req, res) => {
    // The stub reads POST bodies before answering; so does the baseline, which also keeps the connection reusable.
    req.resume();
    req.on('end', () => {
      res.writeHead(current.status, { 'content-type': current.contentType, 'content-length': current.body.length });
      res.end(current.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/beta`,
    answerWith: (answer) => {
      current = answer;
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((err) => (err ? fail(err) : done()));
        server.closeAllConnections();
      }),
  };
}

export class BenchError extends Error {
  override name = 'BenchError';
}

/** Creates `count` access packages; returns their ids in creation order. */
async function seed(baseUrl: string, count: number, headers: Record<string, string>, concurrency: number): Promise<string[]> {
  const ids: string[] = [];
  await pool(count, concurrency, async (index) => {
    const body = JSON.stringify({ catalogId: GENERAL_CATALOG_ID, displayName: `Bench package ${index + 1}`, description: 'Seeded by the benchmark.' });
    const answer = await send(baseUrl, { method: 'POST', path: PACKAGES, body }, headers);
    if (answer.status !== 201) throw new BenchError(`seeding access package ${index + 1} answered ${answer.status}: ${answer.body.toString('utf8', 0, 300)}`);
    ids[index] = (JSON.parse(answer.body.toString('utf8')) as { id: string }).id;
  });
  return ids;
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new BenchError(`${name} must be a whole number above 0; got ${value}.`);
}

export async function runBenchmark(options: Partial<BenchOptions> = {}): Promise<BenchResult> {
  const opts: BenchOptions = { ...DEFAULT_OPTIONS, ...options };
  requirePositiveInteger('requests', opts.requests);
  requirePositiveInteger('concurrency', opts.concurrency);
  requirePositiveInteger('items', opts.items);
  const log = opts.log ?? (() => undefined);
  const startedAt = new Date();
  const started = performance.now();

  const headers = { authorization: `Bearer ${createDevToken()}`, accept: 'application/json', 'content-type': 'application/json' };
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
      stubs.push({ mode, validateResponses, baseUrl: stub.baseUrl, scenarios: scenarios(ids[Math.floor(ids.length / 2)] ?? '') });
    }

    // The stub's real answer, replayed byte for byte by the baseline.
    const probe = async (stub: (typeof stubs)[number], scenario: Scenario) => {
      const answer = await send(stub.baseUrl, scenario, headers);
      if (answer.status < 200 || answer.status > 299) {
        throw new BenchError(`${scenario.title} (${stub.mode}): the stub answered ${answer.status}: ${answer.body.toString('utf8', 0, 300)}`);
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
          if (stats.failed > 0) throw new BenchError(`${scenario.title} (${stub.mode}) failed while warming up: ${describeLoopFailures(stats)}`);
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
          opts,
        );
        const result = results.get(scenario.name) ?? { name: scenario.name, title: scenario.title, method: scenario.method, path: scenario.path, runs: [] };
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
  const failedRequests = scenarioResults.flatMap((s) => s.runs).reduce((sum, run) => sum + run.baseline.failed + run.stub.failed, 0);
  return {
    startedAt: startedAt.toISOString(),
    durationMs: round3(performance.now() - started),
    environment: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length },
    options: { requests: opts.requests, warmupRequests: warmupCount(opts.requests), concurrency: opts.concurrency, items: opts.items },
    scenarios: scenarioResults,
    failedRequests,
  };
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** Markdown, so that a run can be pasted into an issue or the README as it is. */
export function formatTables(result: BenchResult): string {
  const { options, environment } = result;
  const lines = [
    `${options.requests} requests per scenario and server (after ${options.warmupRequests} warm-up), concurrency ${options.concurrency}, ` +
      `${options.items} access packages; node ${environment.node}, ${environment.cpus} CPUs; ${fixed(result.durationMs / 1000, 1)} s in all.`,
  ];
  for (const scenario of result.scenarios) {
    const bytes = scenario.runs[0]?.responseBytes ?? 0;
    lines.push(
      '',
      `**${scenario.title}**: \`${scenario.method} ${decodeURIComponent(scenario.path)}\` (${bytes} bytes per answer)`,
      '',
      '| validateResponses | baseline req/s | stub req/s | stub/baseline | baseline p50 / p99 ms | stub p50 / p99 ms |',
      '|---|--:|--:|--:|--:|--:|',
    );
    for (const run of scenario.runs) {
      const { baseline, stub } = run;
      lines.push(
        `| ${run.validateResponses ? 'on' : 'off'} | ${fixed(baseline.requestsPerSecond, 0)} | ${fixed(stub.requestsPerSecond, 0)} | ` +
          `${fixed(run.throughputRatio, 3)} | ${fixed(baseline.p50Ms, 2)} / ${fixed(baseline.p99Ms, 2)} | ${fixed(stub.p50Ms, 2)} / ${fixed(stub.p99Ms, 2)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function describeLoopFailures(stats: LoopStats): string {
  const examples = stats.failures.map((f) => `${f.count} x ${f.status === 0 ? 'no answer' : f.status}: ${f.detail}`).join('; ');
  return `${stats.failed} of ${stats.requests + stats.warmupRequests} requests failed (${examples})`;
}

/** One line per loop with failed requests, with the first answers as examples. */
export function describeFailures(result: BenchResult): string[] {
  const lines: string[] = [];
  for (const scenario of result.scenarios) {
    for (const run of scenario.runs) {
      for (const [server, stats] of [['stub', run.stub], ['baseline', run.baseline]] as const) {
        if (stats.failed === 0) continue;
        lines.push(`${scenario.title}, validateResponses ${run.validateResponses ? 'on' : 'off'}, ${server}: ${describeLoopFailures(stats)}`);
      }
    }
  }
  return lines;
}

const BENCH_OPTIONS: OptionSpec[] = [
  { flag: 'requests', env: 'BENCH_REQUESTS', value: 'n', description: 'measured requests per scenario and server (+10% warm-up)', default: String(DEFAULT_OPTIONS.requests) },
  { flag: 'concurrency', env: 'BENCH_CONCURRENCY', value: 'n', description: 'requests in flight at once', default: String(DEFAULT_OPTIONS.concurrency) },
  { flag: 'items', env: 'BENCH_ITEMS', value: 'n', description: 'access packages created before measuring', default: String(DEFAULT_OPTIONS.items) },
  { flag: 'out', env: 'BENCH_OUT', value: 'path', description: 'where the raw numbers go as JSON', default: join(tmpdir(), 'bench-results.json') },
];

const USAGE = `stub-bench: the stub's throughput and latency, as ratios against a bare node:http server sending the same bytes.

Usage: node dist/bench/stub-bench.js [options]`;

async function main(args: string[]): Promise<number> {
  const fail = (message: string) => {
    process.stderr.write(`stub-bench: ${message}\n`);
    return 1;
  };
  let values: ReturnType<typeof readOptions>;
  try {
    values = readOptions(args, BENCH_OPTIONS, process.env);
  } catch (err) {
    return fail(`${(err as Error).message}\nRun with --help to see the options.`);
  }
  if (values.help) {
    process.stdout.write(helpText(USAGE, BENCH_OPTIONS));
    return 0;
  }
  const numbers: Record<'requests' | 'concurrency' | 'items', number> = { requests: 0, concurrency: 0, items: 0 };
  for (const name of ['requests', 'concurrency', 'items'] as const) {
    const text = String(values[name]);
    if (!/^[1-9]\d*$/.test(text)) return fail(`--${name} must be a whole number above 0; got "${text}".`);
    numbers[name] = Number(text);
  }
  const out = String(values.out);
  let result: BenchResult;
  try {
    result = await runBenchmark({
      ...numbers,
      log: (line) => process.stderr.write(`${line}\n`),
    });
  } catch (err) {
    return fail(err instanceof BenchError ? err.message : `the run failed: ${(err as Error).stack ?? String(err)}`);
  }
  process.stdout.write(`\n${formatTables(result)}`);
  try {
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  } catch (err) {
    return fail(`could not write ${out}: ${(err as Error).message}`);
  }
  process.stdout.write(`\nRaw numbers: ${out}\n`);
  const failures = describeFailures(result);
  if (failures.length > 0) return fail(`${result.failedRequests} requests failed:\n  ${failures.join('\n  ')}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      // Not process.exit(): the servers are closed, so the process ends once stdout is flushed.
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`stub-bench: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
