import { randomUUID } from 'node:crypto';
import { type Cell, type CellResult, LoadGenerator } from './load.js';
import { type RunningTarget, startTarget, type TargetSpec } from './targets.js';
import { PACKAGES, seedBody, WORKLOADS, type Workload, type WorkloadName } from './workloads.js';

/** A median with the spread of the rounds around it. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  /** (max - min) / median, in percent. */
  spreadPct: number;
}

export interface CellSummary {
  target: string;
  workload: WorkloadName;
  connections: number;
  rps: Stat;
  p50Ms: Stat;
  p99Ms: Stat;
  bytesPerAnswer: number;
  /** Every round's numbers, in round order. */
  rounds: CellResult[];
}

export interface TargetSummary {
  target: string;
  /** Spawn to first answer. */
  startupMs: Stat;
  /** Peak resident memory over a round. */
  peakRssMb: Stat;
}

export interface SectionResult {
  cells: CellSummary[];
  targets: TargetSummary[];
  failures: string[];
}

export interface SectionOptions {
  specs: TargetSpec[];
  workloads: readonly WorkloadName[];
  connections: readonly number[];
  rounds: number;
  seconds: number;
  /** Measured cells end after this many requests instead (HttpBenchOptions.requests). */
  requests?: number;
  warmupSeconds: number;
  /** Access packages each stateful target gets over HTTP before measuring (0: it holds them already). */
  seed: number;
  /** Start targets together (the smoke run, where start-up numbers do not matter) instead of one at a time. */
  parallelStart: boolean;
  headers: Record<string, string>;
  log: (line: string) => void;
}

export function stat(values: number[]): Stat {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, spreadPct: Number.NaN };
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  return { median, min, max, spreadPct: median > 0 ? ((max - min) / median) * 100 : Number.NaN };
}

// A different first target each round: whoever goes first meets a cooler machine.
const rotate = <T>(items: readonly T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length] as T);

async function pool(count: number, width: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}

/** Seeds `count` access packages over HTTP, 16 at a time; their ids in seeding order. */
export async function seed(target: RunningTarget, count: number, headers: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  await pool(count, 16, async (index) => {
    const res = await fetch(`${target.apiBase}${PACKAGES}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: seedBody(index),
    });
    const text = await res.text();
    if (res.status !== 201)
      throw new Error(`seeding ${target.spec.name} answered ${res.status}: ${text.slice(0, 300)}`);
    ids[index] = (JSON.parse(text) as { id: string }).id;
  });
  return ids;
}

/** One workload against one target: what the load generator runs. `id` names the package a get reads. */
export function cellOf(
  target: RunningTarget,
  workload: Workload,
  id: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
  requests?: number,
): Cell {
  return {
    url: `${target.apiBase}${workload.path(id)}`,
    method: workload.method,
    headers: workload.body ? { ...headers, 'content-type': 'application/json' } : headers,
    ...(workload.body ? { body: workload.body } : {}),
    connections,
    seconds,
    ...(requests ? { requests } : {}),
  };
}

/** An access package the get reads: the middle seeded one, else the first stored; any GUID for a stateless mock. */
export async function anId(target: RunningTarget, seeded: string[], headers: Record<string, string>): Promise<string> {
  if (!target.spec.stateful) return randomUUID();
  const middle = seeded[seeded.length >> 1];
  if (middle) return middle;
  const res = await fetch(`${target.apiBase}${PACKAGES}?$top=1`, { headers });
  const first = ((await res.json()) as { value?: Array<{ id: string }> }).value?.[0]?.id;
  if (!first) throw new Error(`${target.spec.name} holds no access package to get.`);
  return first;
}

/**
 * Rounds of: start every target afresh (timed), seed it, warm it up, then each workload at each number of connections
 * against each target in turn, reads before creates (which grow what the lists read). Targets run one at a time; the
 * others idle. Medians and spreads are taken over the rounds.
 */
export async function runSection(options: SectionOptions): Promise<SectionResult> {
  const workloads = WORKLOADS.filter((w) => options.workloads.includes(w.name)).sort(
    (a, b) => Number(a.name === 'create') - Number(b.name === 'create'),
  );
  const samples = new Map<string, CellResult[]>();
  const startups = new Map<string, number[]>();
  const memory = new Map<string, number[]>();
  const failures: string[] = [];
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => map.set(key, [...(map.get(key) ?? []), value]);
  const generator = LoadGenerator.start();
  try {
    for (let round = 0; round < options.rounds; round++) {
      const specs = rotate(options.specs, round);
      const running: RunningTarget[] = [];
      try {
        const start = (spec: TargetSpec) => startTarget(spec, `${PACKAGES}?$top=1`, options.headers);
        if (options.parallelStart) running.push(...(await Promise.all(specs.map(start))));
        else for (const spec of specs) running.push(await start(spec));
        const ids = new Map<RunningTarget, string>();
        for (const target of running) {
          push(startups, target.spec.name, target.startupMs);
          const seeded =
            target.spec.stateful && options.seed > 0 ? await seed(target, options.seed, options.headers) : [];
          ids.set(target, await anId(target, seeded, options.headers));
        }
        const cell = (
          target: RunningTarget,
          workload: Workload,
          connections: number,
          seconds: number,
          requests?: number,
        ) =>
          generator.run(
            cellOf(target, workload, ids.get(target) ?? '', options.headers, connections, seconds, requests),
          );
        if (options.warmupSeconds > 0) {
          for (const target of running) {
            for (const workload of workloads)
              await cell(target, workload, options.connections[0] ?? 10, options.warmupSeconds);
          }
        }
        for (const workload of workloads) {
          for (const connections of options.connections) {
            for (const target of running) {
              const result = await cell(target, workload, connections, options.seconds, options.requests);
              const wrong = Object.entries(result.statuses).filter(([status]) => Number(status) !== workload.status);
              if (result.failed > 0 || wrong.length > 0 || result.requests === 0) {
                failures.push(
                  `${target.spec.name}, ${workload.title}, ${connections} connections, round ${round + 1}: ` +
                    `${result.requests} × ${workload.status}, ${result.failed} failed, statuses ${JSON.stringify(result.statuses)}`,
                );
              }
              push(samples, `${target.spec.name}|${workload.name}|${connections}`, result);
            }
            options.log(
              `round ${round + 1}/${options.rounds}: ${workload.title} at ${connections} connections: ` +
                running
                  .map(
                    (t) =>
                      `${t.spec.name} ${Math.round(samples.get(`${t.spec.name}|${workload.name}|${connections}`)?.at(-1)?.rps ?? 0)}`,
                  )
                  .join(', ') +
                ' req/s',
            );
          }
        }
        for (const target of running) push(memory, target.spec.name, target.memory().peakRssMb);
      } finally {
        await Promise.all(running.map((target) => target.stop()));
      }
    }
  } finally {
    generator.close();
  }
  const cells: CellSummary[] = [];
  for (const spec of options.specs) {
    for (const workload of workloads) {
      for (const connections of options.connections) {
        const rounds = samples.get(`${spec.name}|${workload.name}|${connections}`) ?? [];
        cells.push({
          target: spec.name,
          workload: workload.name,
          connections,
          rps: stat(rounds.map((r) => r.rps)),
          p50Ms: stat(rounds.map((r) => r.p50Ms)),
          p99Ms: stat(rounds.map((r) => r.p99Ms)),
          bytesPerAnswer: stat(rounds.map((r) => r.bytesPerAnswer)).median,
          rounds,
        });
      }
    }
  }
  const targets = options.specs.map((spec) => ({
    target: spec.name,
    startupMs: stat(startups.get(spec.name) ?? []),
    peakRssMb: stat(memory.get(spec.name) ?? []),
  }));
  return { cells, targets, failures };
}
