import { findCell, findTarget, type HttpBenchResult } from './run-http-bench.js';
import type { CellSummary, SectionResult, Stat } from './sections.js';
import { WORKLOADS, type WorkloadName } from './workloads.js';

/** One of the issue's targets, checked against this run's ratios. */
export interface TargetCheck {
  what: string;
  value: number;
  limit: number;
  /** `min`: the value must reach the limit; `max`: it must not pass it. */
  kind: 'min' | 'max';
  met: boolean;
  stretch: boolean;
}

const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? a / b : Number.NaN;
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : '–');
const times = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '–');
const spread = (s: Stat) => (Number.isFinite(s.spreadPct) ? ` ±${Math.round(s.spreadPct / 2)}%` : '');
const rps = (cell: CellSummary | undefined) => (cell ? `${int(cell.rps.median)}${spread(cell.rps)}` : '–');
const title = (name: WorkloadName) => WORKLOADS.find((w) => w.name === name)?.title ?? name;
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const header = (cells: string[], right = 1) =>
  `${row(cells)}\n${row(cells.map((_, i) => (i < right ? '---' : '--:')))}`;

const READS: WorkloadName[] = ['get', 'list', 'filter'];
const ORDER: WorkloadName[] = ['create', 'get', 'list', 'filter'];
const MIN_RATIO: Partial<Record<WorkloadName, number>> = { create: 0.8, get: 0.8, list: 0.7 };

/** The issue's targets: ratios of medians from this run. */
export function checkTargets(result: HttpBenchResult): TargetCheck[] {
  if (!result.comparison) return [];
  const { cells, targets } = result.comparison;
  const checks: TargetCheck[] = [];
  const check = (what: string, value: number, limit: number, kind: 'min' | 'max', stretch = false) =>
    checks.push({ what, value, limit, kind, stretch, met: kind === 'min' ? value >= limit : value <= limit });
  for (const connections of result.options.connections) {
    for (const workload of ORDER) {
      const stub = findCell(cells, 'stub', workload, connections)?.rps.median;
      const min = MIN_RATIO[workload];
      if (min !== undefined) {
        check(
          `${title(workload)}, ${connections} conns: stub ≥ ${min}× bare express`,
          ratio(stub, findCell(cells, 'express', workload, connections)?.rps.median),
          min,
          'min',
        );
        const prism = findCell(cells, 'prism', workload, connections)?.rps.median;
        if (prism !== undefined)
          check(`${title(workload)}, ${connections} conns: stub ≥ 3× Prism`, ratio(stub, prism), 3, 'min');
      }
    }
  }
  const first = result.options.connections[0] ?? 10;
  for (const workload of ORDER) {
    check(
      `${title(workload)}, ${first} conns: stub p99 ≤ 1.5× bare express p99`,
      ratio(
        findCell(cells, 'stub', workload, first)?.p99Ms.median,
        findCell(cells, 'express', workload, first)?.p99Ms.median,
      ),
      1.5,
      'max',
    );
  }
  check('stub start-up ≤ 1000 ms', findTarget(targets, 'stub')?.startupMs.median ?? Number.NaN, 1000, 'max');
  for (const connections of result.options.connections) {
    for (const workload of ORDER) {
      check(
        `stretch: ${title(workload)}, ${connections} conns: stub ≥ 0.9× bare express`,
        ratio(
          findCell(cells, 'stub', workload, connections)?.rps.median,
          findCell(cells, 'express', workload, connections)?.rps.median,
        ),
        0.9,
        'min',
        true,
      );
    }
  }
  return checks;
}

/** The run as markdown tables. `paths: false` leaves out where this run kept its profiles (for docs/performance.md). */
export function formatReport(result: HttpBenchResult, { paths = true }: { paths?: boolean } = {}): string {
  const out: string[] = [];
  if (result.comparison) out.push(...comparisonTables(result, result.comparison));
  out.push(...scalingTable(result), ...contractTable(result), ...profileTables(result, paths));
  const checks = checkTargets(result);
  if (checks.length > 0) out.push('\nTargets\n');
  for (const c of checks) {
    const value = c.what.includes('start-up') ? `${int(c.value)} ms` : times(c.value);
    out.push(`- [${c.met ? 'x' : ' '}] ${c.what}: ${value}`);
  }
  return `${out.join('\n')}\n`;
}

function comparisonTables(result: HttpBenchResult, { cells, targets }: SectionResult): string[] {
  const out: string[] = [];
  const prism = result.environment.prism !== null;
  const servers = ['raw', 'express', 'stub', ...(prism ? ['prism'] : [])];
  const names: Record<string, string> = {
    raw: 'raw node:http',
    express: 'bare express 5',
    stub: '**stub**',
    prism: 'Prism',
  };
  const { rounds, seconds, requests } = result.options;
  out.push(
    `Throughput, req/s: median of ${rounds} round${rounds > 1 ? 's' : ''} of ${requests ? `${requests} requests` : `${seconds} s`} (± half the spread between rounds)\n`,
  );
  out.push(
    header([
      'request',
      'conns',
      ...servers.map((s) => names[s] ?? s),
      'stub ÷ raw',
      'stub ÷ express',
      ...(prism ? ['stub ÷ Prism'] : []),
    ]),
  );
  for (const workload of ORDER) {
    for (const connections of result.options.connections) {
      const at = (s: string) => findCell(cells, s, workload, connections);
      const stub = at('stub')?.rps.median;
      out.push(
        row([
          title(workload),
          String(connections),
          ...servers.map((s) => (s === 'stub' ? `**${rps(at(s))}**` : rps(at(s)))),
          times(ratio(stub, at('raw')?.rps.median)),
          times(ratio(stub, at('express')?.rps.median)),
          ...(prism ? [times(ratio(stub, at('prism')?.rps.median))] : []),
        ]),
      );
    }
  }
  out.push('\nLatency, ms: p50 / p99 (medians over the rounds)\n');
  out.push(header(['request', 'conns', ...servers.map((s) => names[s] ?? s), 'stub p99 ÷ express p99']));
  for (const workload of ORDER) {
    for (const connections of result.options.connections) {
      const at = (s: string) => findCell(cells, s, workload, connections);
      out.push(
        row([
          title(workload),
          String(connections),
          ...servers.map((s) => {
            const cell = at(s);
            return cell ? `${ms(cell.p50Ms.median)} / ${ms(cell.p99Ms.median)}` : '–';
          }),
          times(ratio(at('stub')?.p99Ms.median, at('express')?.p99Ms.median)),
        ]),
      );
    }
  }
  out.push('\nStart-up (spawn to first answer) and peak RSS\n');
  out.push(header(['server', 'start-up, ms', 'peak RSS, MB']));
  for (const s of servers) {
    const t = findTarget(targets, s);
    out.push(
      row([
        names[s] ?? s,
        t ? `${int(t.startupMs.median)}${spread(t.startupMs)}` : '–',
        t ? int(t.peakRssMb.median) : '–',
      ]),
    );
  }
  return out;
}

function scalingTable(result: HttpBenchResult): string[] {
  const out: string[] = [];
  if (result.scaling) {
    const scaling = result.scaling;
    const conns = result.options.connections[0] ?? 10;
    out.push(`\nThe stub over stored items (SQLite file), ${conns} connections: req/s (p99 ms)\n`);
    out.push(header(['stored items', 'import, ms', 'start-up, ms', 'peak RSS, MB', ...READS.map(title)]));
    for (const t of scaling.targets) {
      const items = /(\d+) items/.exec(t.target)?.[1] ?? '';
      out.push(
        row([
          int(Number(items)),
          int(scaling.importMs[items] ?? Number.NaN),
          int(t.startupMs.median),
          int(t.peakRssMb.median),
          ...READS.map((w) => {
            const cell = findCell(scaling.cells, t.target, w, conns);
            return cell ? `${rps(cell)} (${ms(cell.p99Ms.median)})` : '–';
          }),
        ]),
      );
    }
  }

  return out;
}

function contractTable(result: HttpBenchResult): string[] {
  const out: string[] = [];
  if (result.contract) {
    const contract = result.contract;
    const [small, large] = contract.targets;
    const conns = result.options.connections[0] ?? 10;
    if (small && large) {
      const { today, larger } = contract.operations;
      out.push(`\nContract size: today's contract and one ${contract.copies}× larger, ${conns} connections\n`);
      out.push(
        header([
          'request',
          `today's, ${today} operations: req/s (p99 ms)`,
          `${contract.copies}× larger, ${larger} operations`,
          'larger ÷ today',
        ]),
      );
      for (const workload of ORDER) {
        const a = findCell(contract.cells, small.target, workload, conns);
        const b = findCell(contract.cells, large.target, workload, conns);
        if (!a || !b) continue;
        out.push(
          row([
            title(workload),
            `${rps(a)} (${ms(a.p99Ms.median)})`,
            `${rps(b)} (${ms(b.p99Ms.median)})`,
            times(ratio(b.rps.median, a.rps.median)),
          ]),
        );
      }
      out.push(
        row([
          'start-up, ms',
          int(small.startupMs.median),
          int(large.startupMs.median),
          times(ratio(large.startupMs.median, small.startupMs.median)),
        ]),
      );
    }
  }

  return out;
}

const us = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : Math.round(n).toString()) : '–');

/** Where an answer's CPU time goes, part by part, in the stub and in bare express; then the stub's hottest functions. */
function profileTables(result: HttpBenchResult, paths: boolean): string[] {
  const profile = result.profile;
  if (!profile) return [];
  const out: string[] = [];
  out.push(
    "\nWhere an answer's CPU time goes (V8's sampling profiler over the measured seconds, 10 connections; µs per answer)\n",
  );
  for (const w of profile.workloads) {
    out.push(
      `\n${title(w.workload)}: the stub ${us(w.total.stub)} µs, bare express ${us(w.total.express)} µs (${w.answers.stub.toLocaleString('en-US')} and ${w.answers.express.toLocaleString('en-US')} answers)\n`,
    );
    out.push(header(['part', 'stub', 'bare express', 'share of the stub']));
    for (const p of w.parts) {
      if (p.stub < 0.5 && p.express < 0.5) continue;
      const share = w.total.stub > 0 ? `${Math.round((100 * p.stub) / w.total.stub)}%` : '–';
      out.push(row([p.part, us(p.stub), us(p.express), share]));
    }
    if (w.hottest.length > 0) {
      out.push(`\nThe stub's own functions with the most time per answer (${title(w.workload)}):\n`);
      out.push(header(['function', 'µs']));
      for (const f of w.hottest) out.push(row([`\`${f.fn}\``, us(f.us)]));
    }
  }
  if (paths)
    out.push(
      `\nProfiles: ${profile.files.stub} and ${profile.files.express} (open them in Chrome's DevTools, Performance tab).`,
    );
  return out;
}
