import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LoadGenerator } from './load.js';
import { anId, cellOf, seed } from './sections.js';
import { startTarget, TARGETS, type TargetSpec } from './targets.js';
import { PACKAGES, WORKLOADS, type WorkloadName } from './workloads.js';

/*
 * Where an answer's CPU time goes, in the stub and in bare express with the same handler: each server runs under V8's
 * sampling profiler (--cpu-prof), under the same load as the comparison, and only the samples taken while a workload
 * was measured are counted (the profile's clock is the one process.hrtime reads). Each sample's time goes to a part of
 * the server: the stub's own code by folder, request validation, express and the other libraries, logging, the store's
 * driver, Node's HTTP and streams, garbage collection. Native frames (a RegExp, a socket write) count for the code that
 * called them. Divided by the answers given in the window, it is CPU time per answer: what each part costs, and so what
 * removing it would gain.
 */

export interface ProfileOptions {
  seconds: number;
  /** The measured cells end after this many requests instead (HttpBenchOptions.requests). */
  requests?: number;
  warmupSeconds: number;
  /** Access packages seeded first, as the comparison does. */
  items: number;
  headers: Record<string, string>;
  /** Where the .cpuprofile files are kept, for Chrome's DevTools or speedscope. */
  dir: string;
  log: (line: string) => void;
}

export interface ProfiledPart {
  part: string;
  /** CPU time per answer, µs. */
  stub: number;
  express: number;
}

export interface WorkloadProfile {
  workload: WorkloadName;
  answers: { stub: number; express: number };
  /** Non-idle CPU time per answer, µs. */
  total: { stub: number; express: number };
  parts: ProfiledPart[];
  /** The stub's functions with the most CPU time per answer (their own time and their native callees'). */
  hottest: Array<{ fn: string; us: number }>;
}

export interface ProfileResult {
  workloads: WorkloadProfile[];
  files: { stub: string; express: string };
  failures: string[];
}

const PROFILED: WorkloadName[] = ['get', 'list', 'filter', 'create'];

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const VALIDATION = new Set([
  'express-openapi-validator',
  'ajv',
  'ajv-formats',
  'ajv-draft-04',
  'fast-uri',
  'json-schema-traverse',
  'fast-deep-equal',
  'lodash.clonedeep',
  'media-typer',
]);
const LOGGING = new Set([
  'pino',
  'sonic-boom',
  'thread-stream',
  'fast-redact',
  'quick-format-unescaped',
  'pino-std-serializers',
]);
const DRIVERS = new Set(['better-sqlite3', 'pg', 'pg-protocol', 'pg-pool']);
const PACKAGE = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//;
const STUB_CODE = /\/apps\/server\/(?:dist|src)\/(?:([^/]+)\/)?(?:[^/]+\/)*[^/]+$/;

/** The part of a server a frame with a script belongs to. */
export function partOf(url: string): string {
  const own = STUB_CODE.exec(url);
  if (own) return own[1] ? `stub: ${own[1]}/` : 'stub: app, server';
  if (url.includes('/apps/bench/')) return 'the shared handler';
  // The validator as the server ships it: a workspace package, not under node_modules here.
  if (url.includes('/packages/express-openapi-validator/')) return 'validation (express-openapi-validator, ajv)';
  const name = PACKAGE.exec(url)?.[1];
  if (name) {
    if (VALIDATION.has(name)) return 'validation (express-openapi-validator, ajv)';
    if (LOGGING.has(name)) return 'logging (pino)';
    if (DRIVERS.has(name)) return 'store driver';
    return 'express and other libraries';
  }
  if (url.startsWith('node:')) return 'Node: HTTP, streams, events';
  return 'other';
}

const IDLE = '(idle)';
const ROOT_PARTS: Record<string, string> = {
  '(garbage collector)': 'garbage collection',
  '(program)': 'V8 and native code',
  '(root)': 'V8 and native code',
};

/** CPU time (µs) by part and by function, of the samples taken from `from` to `to` (µs, process.hrtime's clock). */
export function attribute(
  profile: CpuProfile,
  from: number,
  to: number,
): { parts: Map<string, number>; functions: Map<string, number>; total: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // A native frame (no script) counts for the nearest caller that has one.
  const owners = new Map<number, CallFrame | string>();
  const ownerOf = (id: number): CallFrame | string => {
    const known = owners.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    let owner: CallFrame | string = 'V8 and native code';
    if (node) {
      const { functionName, url } = node.callFrame;
      if (functionName === IDLE) owner = IDLE;
      else if (url) owner = node.callFrame;
      else if (ROOT_PARTS[functionName] && parent.get(id) === profile.nodes[0]?.id) owner = ROOT_PARTS[functionName];
      else {
        const up = parent.get(id);
        owner = up === undefined ? (ROOT_PARTS[functionName] ?? 'V8 and native code') : ownerOf(up);
      }
    }
    owners.set(id, owner);
    return owner;
  };
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
  let total = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < from || at > to) continue;
    const owner = ownerOf(profile.samples[i] ?? -1);
    if (owner === IDLE) continue;
    total += delta;
    if (typeof owner === 'string') {
      add(parts, owner, delta);
      continue;
    }
    const part = partOf(owner.url);
    add(parts, part, delta);
    const file = owner.url.replace(/^.*\/apps\/server\/(?:dist|src)\//, '').replace(/^.*node_modules\//, '');
    if (part.startsWith('stub: '))
      add(functions, `${owner.functionName || '(anonymous)'} ${file}:${owner.lineNumber + 1}`, delta);
  }
  return { parts, functions, total };
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function waitForProfile(dir: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (file) return join(dir, file);
    if (Date.now() > deadline) throw new Error(`no CPU profile was written in ${dir}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Window {
  workload: WorkloadName;
  from: number;
  to: number;
  answers: number;
}

/** One server under the profiler: seeded, then each workload warmed up and measured; its profile and the windows. */
async function profileOne(
  spec: TargetSpec,
  options: ProfileOptions,
  generator: LoadGenerator,
  failures: string[],
): Promise<{ profile: CpuProfile; file: string; windows: Window[] }> {
  const dir = join(options.dir, `${spec.name}-cpu`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const target = await startTarget(spec, `${PACKAGES}?$top=1`, options.headers, 60_000, [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    '--cpu-prof-interval=250',
  ]);
  const windows: Window[] = [];
  try {
    const seeded = await seed(target, options.items, options.headers);
    const id = await anId(target, seeded, options.headers);
    for (const name of PROFILED) {
      const workload = WORKLOADS.find((w) => w.name === name);
      if (!workload) continue;
      const cell = (seconds: number, requests?: number) =>
        generator.run(cellOf(target, workload, id, options.headers, 10, seconds, requests));
      if (options.warmupSeconds > 0) await cell(options.warmupSeconds);
      const from = nowUs();
      const result = await cell(options.seconds, options.requests);
      const to = nowUs();
      if (result.failed > 0 || result.requests === 0)
        failures.push(`profile, ${spec.name}, ${workload.title}: ${result.requests} answered, ${result.failed} failed`);
      windows.push({ workload: name, from, to, answers: result.requests });
      options.log(`profile: ${spec.name}, ${workload.title}: ${Math.round(result.rps)} req/s under the profiler`);
    }
  } finally {
    await target.stop();
  }
  const written = await waitForProfile(dir);
  const file = join(options.dir, `${spec.name}.cpuprofile`);
  renameSync(written, file);
  rmSync(dir, { recursive: true, force: true });
  return { profile: JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, file, windows };
}

export async function runProfile(options: ProfileOptions): Promise<ProfileResult> {
  mkdirSync(options.dir, { recursive: true });
  const failures: string[] = [];
  const generator = LoadGenerator.start();
  try {
    const express = await profileOne(TARGETS.express, options, generator, failures);
    const stub = await profileOne(TARGETS.stub, options, generator, failures);
    const workloads = PROFILED.map((workload): WorkloadProfile => {
      const window = (run: typeof stub) => run.windows.find((w) => w.workload === workload);
      const stubWindow = window(stub);
      const expressWindow = window(express);
      const perAnswer = (run: typeof stub, w: Window | undefined) => {
        const { parts, functions, total } = w
          ? attribute(run.profile, w.from, w.to)
          : { parts: new Map<string, number>(), functions: new Map<string, number>(), total: 0 };
        const n = Math.max(1, w?.answers ?? 0);
        return { parts, functions, total: total / n, n };
      };
      const s = perAnswer(stub, stubWindow);
      const e = perAnswer(express, expressWindow);
      const names = new Set([...s.parts.keys(), ...e.parts.keys()]);
      const parts = [...names]
        .map((part) => ({ part, stub: (s.parts.get(part) ?? 0) / s.n, express: (e.parts.get(part) ?? 0) / e.n }))
        .sort((a, b) => b.stub - a.stub || b.express - a.express);
      const hottest = [...s.functions]
        .map(([fn, us]) => ({ fn, us: us / s.n }))
        .sort((a, b) => b.us - a.us)
        .slice(0, 12);
      return {
        workload,
        answers: { stub: stubWindow?.answers ?? 0, express: expressWindow?.answers ?? 0 },
        total: { stub: s.total, express: e.total },
        parts,
        hottest,
      };
    });
    return { workloads, files: { stub: stub.file, express: express.file }, failures };
  } finally {
    generator.close();
  }
}
