import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadContract } from '@accesspackage/openapi';
import { SPEC_PATH } from '@accesspackage/server';
import {
  attribute,
  BEGIN,
  CHART,
  checkTargets,
  END,
  formatNeighbours,
  formatReport,
  type HttpBenchResult,
  largerContract,
  NEIGHBOURS_SMOKE,
  operationCount,
  readCommand,
  replaceSection,
  runHttpBench,
  runNeighbours,
  SMOKE_HTTP_OPTIONS,
  scalingChart,
  writeDocsPage,
} from './index.js';

const PERFORMANCE_PAGE = join(__dirname, '..', '..', '..', 'docs', 'performance.md');

// The harness end to end, as `bench:smoke` runs it: real servers in child processes, real load from autocannon in
// another. Shape only: a benchmark's speed depends on the machine, so no number here is compared with a time or a limit.
describe('the out-of-process benchmark, smoke run', () => {
  let result: HttpBenchResult;
  beforeAll(async () => {
    result = await runHttpBench(SMOKE_HTTP_OPTIONS);
    // Seven server starts and a few dozen quarter-second cells: seconds alone, longer beside the rest of `pnpm test`.
  }, 240_000);
  // The profiles the smoke run kept, in a folder of the OS temp dir that nothing else reads.
  afterAll(() => {
    if (result?.profile) rmSync(dirname(result.profile.files.stub), { recursive: true, force: true });
  });

  it('answers every request of every server as expected', () => {
    expect(result.failures).toEqual([]);
  });

  it('measures the four workloads on raw node:http, bare express, the stub and Prism', () => {
    const comparison = result.comparison;
    expect(comparison?.targets.map((t) => t.target)).toEqual(['raw', 'express', 'stub', 'prism']);
    expect(new Set(comparison?.cells.map((c) => c.workload))).toEqual(new Set(['create', 'get', 'list', 'filter']));
    // A cell of the smoke run is a hundred requests, not a time: however busy the machine (a quarter-second cell of
    // Prism beside the rest of `pnpm test` has got no answer), each is answered in full. Its rate is not checked.
    for (const cell of comparison?.cells ?? []) {
      expect(cell.rounds.map((r) => r.requests)).toEqual([100]);
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

  it("profiles the stub and bare express under the same load, and says where each answer's CPU time goes", () => {
    const profile = result.profile;
    expect(profile?.workloads.map((w) => w.workload)).toEqual(['get', 'list', 'filter', 'create']);
    for (const w of profile?.workloads ?? []) {
      expect(w.answers.stub).toBeGreaterThan(0);
      expect(w.answers.express).toBeGreaterThan(0);
      // The parts add up to the total, and the stub's own code shows only in the stub's column.
      const sum = (column: 'stub' | 'express') => w.parts.reduce((total, part) => total + part[column], 0);
      expect(sum('stub')).toBeCloseTo(w.total.stub, 3);
      expect(sum('express')).toBeCloseTo(w.total.express, 3);
      // Both servers answer through Node's HTTP server: its part is found in each column.
      const node = w.parts.find((p) => p.part === 'Node: HTTP, streams, events');
      expect(node?.stub).toBeGreaterThan(0);
      expect(node?.express).toBeGreaterThan(0);
      const own = w.parts.filter((p) => p.part.startsWith('stub: '));
      expect(own.length).toBeGreaterThan(0);
      expect(own.every((p) => p.express === 0)).toBe(true);
    }
    expect(existsSync(profile?.files.stub ?? '')).toBe(true);
    expect(existsSync(profile?.files.express ?? '')).toBe(true);
    expect(formatReport(result)).toMatch(/Where an answer's CPU time goes/);
  });

  it('writes its tables into the performance page between the markers, and its chart beside it, leaving the prose', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-docs-'));
    try {
      const page = join(dir, 'performance.md');
      const before = readFileSync(PERFORMANCE_PAGE, 'utf8');
      writeFileSync(page, before);
      writeDocsPage(page, result);
      const after = readFileSync(page, 'utf8');
      const outside = (text: string) => [text.slice(0, text.indexOf(BEGIN)), text.slice(text.indexOf(END))];
      expect(outside(after)).toEqual(outside(before));
      const section = after.slice(after.indexOf(BEGIN), after.indexOf(END));
      expect(section).toContain(`Node ${process.version.slice(1)}`);
      expect(section).toMatch(/\| seed create \| 10 \|/);
      expect(section).toMatch(/Where an answer's CPU time goes/);
      expect(section).toContain(`](${CHART})`);
      expect(section).not.toContain(dirname(result.profile?.files.stub ?? '/nowhere')); // no temp paths
      expect(readFileSync(join(dir, CHART), 'utf8')).toMatch(/^<svg /);
      // A second run replaces the first, not adds to it.
      writeDocsPage(page, result);
      expect(readFileSync(page, 'utf8')).toBe(after);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('replaceSection', () => {
  it('says what the page lacks when it has no markers', () => {
    expect(() => replaceSection('# Performance\n', 'tables')).toThrow(/needs a line "<!-- bench:begin/);
    expect(() => replaceSection(`${END}\n${BEGIN}\n`, 'tables')).toThrow(/no place for the tables/);
  });
});

describe('attribute', () => {
  // (root) > main > native RegExp; (root) > (idle); (root) > (garbage collector); one sample each, 10 µs apart.
  const profile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 4, 5] },
      {
        id: 2,
        callFrame: { functionName: 'main', url: 'file:///x/apps/server/dist/http/hosts.js', lineNumber: 9 },
        children: [3],
      },
      { id: 3, callFrame: { functionName: 'RegExp: ^a', url: '', lineNumber: -1 } },
      { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      { id: 5, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
    ],
    startTime: 1000,
    samples: [2, 3, 4, 5, 2],
    timeDeltas: [10, 10, 10, 10, 10],
  };

  it('counts native frames for their caller, leaves idle time out, and keeps to the window', () => {
    const { parts, functions, total } = attribute(profile, 1005, 1045);
    expect(total).toBe(30);
    expect(Object.fromEntries(parts)).toEqual({ 'stub: http/': 20, 'garbage collection': 10 });
    expect(Object.fromEntries(functions)).toEqual({ 'main http/hosts.js:10': 20 });
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
    // The smoke run counts requests; a time asked for replaces them, and a count can be asked for on its own.
    expect(readCommand(['--smoke'])).toMatchObject({ options: { requests: 100 } });
    const timed = readCommand(['--smoke', '--seconds', '2']);
    expect(timed).toMatchObject({ options: { seconds: 2 } });
    expect(timed.kind === 'run' && 'requests' in timed.options).toBe(false);
    expect(readCommand(['--requests', '50'])).toMatchObject({ options: { requests: 50, seconds: 3 } });
    expect(readCommand(['--requests', '0'])).toMatchObject({ kind: 'error' });
    expect(readCommand(['--parts', 'everything'])).toMatchObject({ kind: 'error' });
    expect(readCommand(['--help'])).toMatchObject({ kind: 'help' });
    expect(readCommand(['--docs', PERFORMANCE_PAGE])).toMatchObject({ kind: 'run', docs: PERFORMANCE_PAGE });
    expect(readCommand(['--docs', '/nowhere/performance.md'])).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('does not exist: /nowhere/performance.md'),
    });
  });
});

// The shared-sandbox benchmark (`bench:neighbours`), small: its seeding holds up (the inbox holds every approval) and
// both tenants are answered. How far B's median moves is the full run's to say.
describe("one tenant's worst-case inbox beside another tenant, smoke run", () => {
  it('measures tenant B alone and beside tenant A, and tenant A’s inbox, with every answer a success', async () => {
    const result = await runNeighbours(NEIGHBOURS_SMOKE);
    expect(result.inboxItems).toBe(NEIGHBOURS_SMOKE.approvals);
    for (const cell of [result.idle, result.besideInbox, result.inbox]) {
      expect(cell.requests).toBeGreaterThan(0);
      expect(cell.failed).toBe(0);
    }
    expect(formatNeighbours(result)).toMatch(/Tenant B's median moved by -?\d+\.\d\d ms/);
  }, 120_000);
});
