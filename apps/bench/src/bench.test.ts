import { loadContract } from '@accesspackage/openapi';
import { SPEC_PATH } from '@accesspackage/server';
import {
  checkTargets,
  formatReport,
  type HttpBenchResult,
  largerContract,
  operationCount,
  readCommand,
  runHttpBench,
  SMOKE_HTTP_OPTIONS,
  scalingChart,
} from './index.js';

// The harness end to end, as `bench:smoke` runs it: real servers in child processes, real load from autocannon in
// another. Shape only: a benchmark's speed depends on the machine, so no number here is compared with a time or a limit.
describe('the out-of-process benchmark, smoke run', () => {
  let result: HttpBenchResult;
  beforeAll(async () => {
    result = await runHttpBench(SMOKE_HTTP_OPTIONS);
    // Seven server starts and a few dozen quarter-second cells: seconds alone, longer beside the rest of `pnpm test`.
  }, 240_000);

  it('answers every request of every server as expected', () => {
    expect(result.failures).toEqual([]);
  });

  it('measures the four workloads on raw node:http, bare express, the stub and Prism', () => {
    const comparison = result.comparison;
    expect(comparison?.targets.map((t) => t.target)).toEqual(['raw', 'express', 'stub', 'prism']);
    expect(new Set(comparison?.cells.map((c) => c.workload))).toEqual(new Set(['create', 'get', 'list', 'filter']));
    for (const cell of comparison?.cells ?? []) {
      expect(cell.rounds).toHaveLength(1);
      expect(cell.rps.median).toBeGreaterThan(0);
      expect(cell.p50Ms.median).toBeLessThanOrEqual(cell.p99Ms.median);
      expect(cell.bytesPerAnswer).toBeGreaterThan(0);
    }
    for (const target of comparison?.targets ?? []) expect(target.startupMs.median).toBeGreaterThan(0);
  });

  it('answers the list with as many bytes from the references as from the stub (the same page of 100)', () => {
    const bytes = (target: string) =>
      result.comparison?.cells.find((c) => c.target === target && c.workload === 'list')?.bytesPerAnswer ?? 0;
    // Headers differ (the stub sends Graph's), the page does not: within 15%.
    expect(Math.abs(bytes('raw') - bytes('stub')) / bytes('stub')).toBeLessThan(0.15);
    expect(bytes('express')).toBeGreaterThan(bytes('raw'));
  });

  it('runs the stub over stored items and on a contract three times larger', () => {
    expect(result.scaling?.targets.map((t) => t.target)).toEqual(['stub 120 items']);
    expect(Object.keys(result.scaling?.importMs ?? {})).toEqual(['120']);
    expect(result.contract?.targets.map((t) => t.target)).toEqual(['stub x1', 'stub x3']);
    expect(result.contract?.operations.larger).toBeGreaterThan(2.5 * (result.contract?.operations.today ?? 0));
  });

  it('prints the tables and every target, and draws the scaling chart', () => {
    const report = formatReport(result);
    expect(report).toMatch(/\| seed create \| 10 \|/);
    expect(report).toMatch(/stub ÷ Prism/);
    expect(report).toMatch(/Contract size/);
    expect(checkTargets(result).map((c) => c.what)).toContain('stub start-up ≤ 1000 ms');
    expect(scalingChart(result)).toMatch(/^<svg [^>]*>[\s\S]*<\/svg>\n$/);
  });
});

describe('largerContract', () => {
  it('clones every operation under new names, ahead of the originals', () => {
    const today = loadContract(SPEC_PATH);
    const larger = largerContract(today, 3);
    const stubOnly = Object.keys(today.paths ?? {}).filter((p) => p.startsWith('/_stub/')).length;
    expect(Object.keys(larger.paths ?? {})).toHaveLength(3 * Object.keys(today.paths ?? {}).length - 2 * stubOnly);
    expect(Object.keys(larger.paths ?? {})[0]).toMatch(/^\/copy1\//);
    expect(operationCount(larger)).toBeGreaterThan(2.5 * operationCount(today));
    const refs =
      JSON.stringify(
        (larger.paths as Record<string, unknown>)['/copy2/identityGovernance/entitlementManagement/accessPackages'],
      ).match(/"#\/components\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/Copy2"$/);
  });
});

describe('readCommand', () => {
  it('reads lists and the smoke preset, and refuses what it cannot use', () => {
    const run = readCommand(['--smoke', '--connections', '10,100', '--no-prism', '--out', '/tmp/x.json']);
    expect(run).toMatchObject({ kind: 'run', out: '/tmp/x.json', svg: '/tmp/x.svg' });
    if (run.kind === 'run') expect(run.options).toMatchObject({ connections: [10, 100], prism: false, rounds: 1 });
    expect(readCommand(['--rounds', '0'])).toMatchObject({ kind: 'error' });
    expect(readCommand(['--parts', 'everything'])).toMatchObject({ kind: 'error' });
    expect(readCommand(['--help'])).toMatchObject({ kind: 'help' });
  });
});
