import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContract } from '@accesspackage/openapi';
import { createDevToken, GENERAL_CATALOG_ID, SPEC_PATH } from '@accesspackage/server';
import { largerContract, operationCount } from './larger-contract.js';
import { type ProfileResult, runProfile } from './profile.js';
import { type CellSummary, runSection, type SectionResult, type TargetSummary } from './sections.js';
import {
  largerContractStub,
  prismInstalled,
  startTarget,
  storedItemsStub,
  TARGETS,
  type TargetSpec,
} from './targets.js';
import { PACKAGES, seedName, type WorkloadName } from './workloads.js';

/*
 * The stub against what bounds it, each server in its own process and the load from autocannon in another, on
 * 127.0.0.1: a raw node:http handler (the limit), bare express 5 with the same handler (the ceiling of an express
 * design), the stub as its CLI starts it, and Prism's mock on the same contract. Then the stub alone: over 1k to 100k
 * stored items, and on today's contract against one three times its size. Two cores serve the load generator and the
 * server alike, so absolute numbers say little; ratios from the same run are the result.
 */

export interface HttpBenchOptions {
  /** Measured seconds per cell (one workload, one server, one number of connections, one round). */
  seconds: number;
  /**
   * A fixed number of requests per measured cell instead of `seconds`: the smoke run's, on a machine busy enough that
   * Prism had answered nothing in a quarter of a second. Each cell is then answered, at whatever rate.
   */
  requests?: number;
  /** Unmeasured seconds per workload and server at the start of each round. */
  warmupSeconds: number;
  rounds: number;
  connections: number[];
  /** Access packages seeded before the comparison. */
  items: number;
  /** Stored items for the stub's scaling runs; empty: none. */
  sizes: number[];
  /** The larger contract is this many times today's; 0: no contract-size runs. */
  copies: number;
  /** Which sections run: the comparison of the four servers, the stub over stored items, the contract's size. */
  parts: Array<'comparison' | 'scaling' | 'contract' | 'profile'>;
  /** Include Prism when it is installed. */
  prism: boolean;
  /** Start the servers of a round together: for the smoke run only, as it skews start-up times. */
  parallelStart: boolean;
  /** Where the profile part keeps its .cpuprofile files. Default: a folder in the OS temp dir. */
  profileDir?: string;
  log?: (line: string) => void;
}

export const DEFAULT_HTTP_OPTIONS: Readonly<Omit<HttpBenchOptions, 'log'>> = {
  seconds: 3,
  warmupSeconds: 0.5,
  rounds: 3,
  connections: [10, 100],
  items: 1000,
  sizes: [1000, 10000, 100000],
  copies: 3,
  parts: ['comparison', 'scaling', 'contract', 'profile'],
  prism: true,
  parallelStart: false,
};

/** A few seconds in all: every part of the harness runs once, the numbers mean nothing. */
export const SMOKE_HTTP_OPTIONS: Readonly<Omit<HttpBenchOptions, 'log'>> = {
  seconds: 0.25,
  requests: 100,
  warmupSeconds: 0.2,
  rounds: 1,
  connections: [10],
  items: 120,
  sizes: [120],
  copies: 3,
  parts: ['comparison', 'scaling', 'contract', 'profile'],
  prism: true,
  parallelStart: true,
};

export interface HttpBenchResult {
  startedAt: string;
  durationMs: number;
  environment: { node: string; platform: string; arch: string; cpus: number; prism: string | null };
  options: Omit<HttpBenchOptions, 'log'>;
  comparison: SectionResult | null;
  scaling: (SectionResult & { importMs: Record<string, number> }) | null;
  contract: (SectionResult & { copies: number; operations: { today: number; larger: number } }) | null;
  profile: ProfileResult | null;
  failures: string[];
}

function prismVersion(): string | null {
  try {
    return (require('@stoplight/prism-cli/package.json') as { version: string }).version;
  } catch {
    return null;
  }
}

/** SQLite files holding each size, made once through the CLI's `--data-file` import (timed). */
async function storedItemDatabases(dir: string, sizes: number[], headers: Record<string, string>) {
  const importMs: Record<string, number> = {};
  const databases = new Map<number, string>();
  for (const size of sizes) {
    const dataFile = join(dir, `data-${size}.json`);
    const accessPackages = Array.from({ length: size }, (_, i) => ({
      catalogId: GENERAL_CATALOG_ID,
      displayName: seedName(i),
      description: 'Seeded for the benchmark.',
    }));
    writeFileSync(dataFile, JSON.stringify({ accessPackages }));
    const database = join(dir, `stub-${size}.db`);
    const spec: TargetSpec = {
      ...storedItemsStub(size, database),
      args: async () => [...(await storedItemsStub(size, database).args()), '--data-file', dataFile],
    };
    const importing = await startTarget(spec, `${PACKAGES}?$top=1`, headers, 600_000);
    importMs[String(size)] = Math.round(importing.startupMs);
    await importing.stop();
    databases.set(size, database);
  }
  return { importMs, databases };
}

export async function runHttpBench(options: Partial<HttpBenchOptions> = {}): Promise<HttpBenchResult> {
  const { log: logOption, ...settings } = { ...DEFAULT_HTTP_OPTIONS, ...options };
  const opts = settings;
  for (const [name, value] of Object.entries({ seconds: opts.seconds, rounds: opts.rounds, items: opts.items })) {
    if (!(value > 0)) throw new Error(`${name} must be above 0; got ${value}.`);
  }
  const log = logOption ?? (() => undefined);
  const startedAt = new Date();
  const began = performance.now();
  const headers = { authorization: `Bearer ${createDevToken()}`, accept: 'application/json' };
  const common = {
    rounds: opts.rounds,
    seconds: opts.seconds,
    ...(opts.requests ? { requests: opts.requests } : {}),
    warmupSeconds: opts.warmupSeconds,
    parallelStart: opts.parallelStart,
    headers,
    log,
  };
  const withPrism = opts.prism && prismInstalled();
  if (opts.prism && !withPrism) log('Prism (@stoplight/prism-cli) is not installed: measuring without it.');

  let comparison: HttpBenchResult['comparison'] = null;
  if (opts.parts.includes('comparison')) {
    log(`comparison: raw node:http, bare express, the stub${withPrism ? ', Prism' : ''}`);
    comparison = await runSection({
      ...common,
      specs: [TARGETS.raw, TARGETS.express, TARGETS.stub, ...(withPrism ? [TARGETS.prism] : [])],
      workloads: ['create', 'get', 'list', 'filter'],
      connections: opts.connections,
      seed: opts.items,
    });
  }

  let scaling: HttpBenchResult['scaling'] = null;
  if (opts.parts.includes('scaling') && opts.sizes.length > 0) {
    const dir = mkdtempSync(join(tmpdir(), 'accesspackage-bench-'));
    try {
      log(`scaling: building SQLite files of ${opts.sizes.join(', ')} access packages`);
      const { importMs, databases } = await storedItemDatabases(dir, opts.sizes, headers);
      const section = await runSection({
        ...common,
        specs: opts.sizes.map((size) => storedItemsStub(size, databases.get(size) as string)),
        workloads: ['get', 'list', 'filter'],
        connections: [opts.connections[0] ?? 10],
        seed: 0,
      });
      scaling = { ...section, importMs };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  let contract: HttpBenchResult['contract'] = null;
  if (opts.parts.includes('contract') && opts.copies > 1) {
    log(`contract size: today's contract and one ${opts.copies} times larger`);
    const section = await runSection({
      ...common,
      specs: [largerContractStub(1), largerContractStub(opts.copies)],
      workloads: ['create', 'get', 'list', 'filter'],
      connections: [opts.connections[0] ?? 10],
      seed: opts.items,
    });
    const today = loadContract(SPEC_PATH);
    contract = {
      ...section,
      copies: opts.copies,
      operations: { today: operationCount(today), larger: operationCount(largerContract(today, opts.copies)) },
    };
  }

  let profile: HttpBenchResult['profile'] = null;
  if (opts.parts.includes('profile')) {
    log("profile: where an answer's CPU time goes, in bare express and in the stub, under the profiler");
    profile = await runProfile({
      seconds: opts.seconds * opts.rounds,
      ...(opts.requests ? { requests: opts.requests * opts.rounds } : {}),
      warmupSeconds: opts.warmupSeconds,
      items: opts.items,
      headers,
      dir: opts.profileDir ?? mkdtempSync(join(tmpdir(), 'accesspackage-profile-')),
      log,
    });
  }

  return {
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - began),
    environment: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpus().length,
      prism: withPrism ? prismVersion() : null,
    },
    options: settings,
    comparison,
    scaling,
    contract,
    profile,
    failures: [
      ...(comparison?.failures ?? []),
      ...(scaling?.failures ?? []),
      ...(contract?.failures ?? []),
      ...(profile?.failures ?? []),
    ],
  };
}

export function findCell(
  cells: CellSummary[],
  target: string,
  workload: WorkloadName,
  connections: number,
): CellSummary | undefined {
  return cells.find((c) => c.target === target && c.workload === workload && c.connections === connections);
}

export function findTarget(targets: TargetSummary[], target: string): TargetSummary | undefined {
  return targets.find((t) => t.target === target);
}
