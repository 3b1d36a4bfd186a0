import { type BenchResult, describeFailures, formatTables, runBenchmark } from './index.js';

// Shape only: a benchmark's speed depends on the machine, so no number here is compared with a time.
describe('runBenchmark', () => {
  let result: BenchResult;
  beforeAll(async () => {
    result = await runBenchmark({ requests: 50, concurrency: 4, items: 20 });
    // Eight short runs against two servers: seconds alone, far longer beside the rest of `pnpm test` on two cores.
  }, 180_000);

  it('measures every scenario against the baseline, with response validation off and on', () => {
    expect(result.scenarios.map((s) => s.name)).toEqual(['list', 'filter', 'get', 'create']);
    for (const scenario of result.scenarios) {
      expect(scenario.runs.map((r) => r.validateResponses)).toEqual([false, true]);
    }
    expect(result.options).toEqual({ requests: 50, warmupRequests: 5, concurrency: 4, items: 20 });
  });

  it('gives finite positive ratios, rates and percentiles, and no failed request', () => {
    expect(result.failedRequests).toBe(0);
    expect(describeFailures(result)).toEqual([]);
    for (const run of result.scenarios.flatMap((s) => s.runs)) {
      expect(run.throughputRatio).toBeGreaterThan(0);
      expect(Number.isFinite(run.throughputRatio)).toBe(true);
      expect(run.responseBytes).toBeGreaterThan(0);
      for (const stats of [run.baseline, run.stub]) {
        expect(stats).toMatchObject({ requests: 50, warmupRequests: 5, failed: 0, failures: [] });
        expect(stats.latenciesMs).toHaveLength(50);
        for (const value of [
          stats.requestsPerSecond,
          stats.totalMs,
          stats.p50Ms,
          stats.p99Ms,
          stats.meanMs,
          stats.maxMs,
        ]) {
          expect(Number.isFinite(value) && value > 0).toBe(true);
        }
        expect(stats.p50Ms).toBeLessThanOrEqual(stats.p99Ms);
      }
    }
  });

  it("answers create with 201 and reads with 200, the stub's real statuses", () => {
    const statuses = Object.fromEntries(result.scenarios.map((s) => [s.name, s.runs.map((r) => r.responseStatus)]));
    expect(statuses).toEqual({ list: [200, 200], filter: [200, 200], get: [200, 200], create: [201, 201] });
  });

  it('prints one markdown table per scenario', () => {
    const tables = formatTables(result);
    expect(tables.match(/^\| validateResponses \|/gm)).toHaveLength(4);
    expect(tables.match(/^\| (off|on) \|/gm)).toHaveLength(8);
  });

  it('refuses a request count that is not a whole number above 0', async () => {
    await expect(runBenchmark({ requests: 0 })).rejects.toThrow(/requests must be a whole number above 0/);
  });
});
