#!/usr/bin/env node
// How the stub's cost grows with what it stores: list of 100 and get by id against a SQLite file
// holding 1k and 100k access packages, with the load from autocannon in its own process, plus the
// stub's start-up time and RSS. Usage: node dist/store-scaling.js [--sizes 1000,100000]
// [--seconds 5] [--connections 10] [--baseline <cli.js of another stub build, run in memory>]
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { createDevToken, GENERAL_CATALOG_ID } from '@accesspackage/server';

const run = promisify(execFile);
const CLI = require.resolve('@accesspackage/server/package.json').replace(/package\.json$/, 'dist/cli.js');
const AUTOCANNON = require.resolve('autocannon/autocannon.js');
const PACKAGES = '/identityGovernance/entitlementManagement/accessPackages';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,100000' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    baseline: { type: 'string' },
  },
});
const sizes = String(values.sizes).split(',').map(Number);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const token = createDevToken();

interface Started {
  child: ChildProcess;
  baseUrl: string;
  startupMs: number;
}

function start(cli: string, args: string[]): Promise<Started> {
  const began = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--port', '0', '--log-level', 'silent', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+\/beta)/.exec(out);
      if (match?.[1]) resolve({ child, baseUrl: match[1], startupMs: Number(process.hrtime.bigint() - began) / 1e6 });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the stub exited (${code}):\n${out}`)));
  });
}

async function stop({ child }: Started): Promise<void> {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function load(url: string): Promise<{ rps: number; p50: number; p99: number; non2xx: number }> {
  const { stdout } = await run(
    process.execPath,
    [
      AUTOCANNON,
      '--json',
      '-c',
      String(connections),
      '-d',
      String(seconds),
      '-H',
      `authorization=Bearer ${token}`,
      url,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const result = JSON.parse(stdout);
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors,
  };
}

function dataFile(dir: string, count: number): string {
  const path = join(dir, `data-${count}.json`);
  const accessPackages = Array.from({ length: count }, (_, i) => ({
    catalogId: GENERAL_CATALOG_ID,
    displayName: `Package ${String(i).padStart(6, '0')}`,
    description: 'Seeded for the scaling benchmark.',
  }));
  writeFileSync(path, JSON.stringify({ accessPackages }));
  return path;
}

async function measure(label: string, started: Started) {
  const list = (await (
    await fetch(`${started.baseUrl}${PACKAGES}?$top=1`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { value: Array<{ id: string }> };
  const id = list.value[0]?.id;
  const listResult = await load(`${started.baseUrl}${PACKAGES}`);
  const getResult = await load(`${started.baseUrl}${PACKAGES}/${id}`);
  const row = {
    label,
    startupMs: Math.round(started.startupMs),
    rssMb: rssMb(started.child.pid),
    list: listResult,
    get: getResult,
  };
  process.stdout.write(`${JSON.stringify(row)}\n`);
  return row;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'store-scaling-'));
  const rows = [];
  if (values.baseline) {
    const baseline = await start(values.baseline, ['--data-file', dataFile(dir, sizes[0] ?? 1000)]);
    rows.push(await measure(`baseline ${sizes[0]}`, baseline));
    await stop(baseline);
  }
  for (const size of sizes) {
    const database = join(dir, `stub-${size}.db`);
    const importing = await start(CLI, ['--database', database, '--data-file', dataFile(dir, size)]);
    const importMs = Math.round(importing.startupMs);
    await stop(importing);
    const started = await start(CLI, ['--database', database]);
    rows.push({ ...(await measure(`sqlite file ${size}`, started)), importMs });
    await stop(started);
  }
  const [small, large] = rows.filter((r) => r.label.startsWith('sqlite'));
  const base = rows.find((r) => r.label.startsWith('baseline'));
  const summary = {
    rows,
    ratios: {
      ...(small && large
        ? {
            list100kTo1k: +(large.list.rps / small.list.rps).toFixed(2),
            get100kTo1k: +(large.get.rps / small.get.rps).toFixed(2),
          }
        : {}),
      ...(base && small
        ? {
            list1kToBaseline: +(small.list.rps / base.list.rps).toFixed(2),
            get1kToBaseline: +(small.get.rps / base.get.rps).toFixed(2),
          }
        : {}),
    },
  };
  process.stdout.write(`${JSON.stringify(summary.ratios)}\n`);
  writeFileSync(join(tmpdir(), 'store-scaling.json'), JSON.stringify(summary, null, 2));
}

main().catch((err) => {
  process.stderr.write(`store-scaling: ${(err as Error).message}\n`);
  process.exit(1);
});
