import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/*
 * The servers under test, each a child process started the way its users start it and stopped with SIGTERM. Start-up
 * is timed from spawn to the first answered request (not to a "listening" line, which some print before their first
 * answer is ready), on the path every target serves.
 */

export type TargetName = 'raw' | 'express' | 'stub' | 'prism' | `stub x${number}` | `stub ${number} items`;

export interface TargetSpec {
  name: TargetName;
  /** The command line after `node`. */
  args: () => Promise<string[]>;
  /**
   * The API root requests are sent under, from the URL the server printed: `/beta` for the stub and the references;
   * Prism serves the contract's paths at its origin (it ignores the servers' base paths).
   */
  apiBase: (printed: string) => string;
  /** The stub and the references are seeded over HTTP; Prism's mock keeps nothing. */
  stateful: boolean;
}

export interface RunningTarget {
  spec: TargetSpec;
  apiBase: string;
  pid: number;
  startupMs: number;
  /** The last lines it printed, for an error message. */
  tail(): string;
  /** Peak and current resident memory, MB, from /proc. */
  memory(): { peakRssMb: number; rssMb: number };
  stop(): Promise<void>;
}

// The compiled servers, from dist/ and, under jest, from src/ (both one level under the package).
const DIST = join(__dirname, '..', 'dist');
const STUB_CLI = require.resolve('@accesspackage/server/package.json').replace(/package\.json$/, 'dist/cli.js');
const LISTENING = /listening on (https?:\/\/\S+)/;

/** A port free now, for servers (Prism) that cannot pick one themselves and say which. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export function prismInstalled(): boolean {
  try {
    require.resolve('@stoplight/prism-cli/package.json');
    return true;
  } catch {
    return false;
  }
}

const beta = (printed: string) => printed.replace(/\/+$/, '');

export const TARGETS = {
  raw: { name: 'raw', args: async () => [join(DIST, 'raw-server.js')], apiBase: beta, stateful: true },
  express: { name: 'express', args: async () => [join(DIST, 'express-server.js')], apiBase: beta, stateful: true },
  // The CLI with its defaults (pino at info, JSON lines to stdout since it is no terminal; SQLite in memory), but a
  // free port, so that a stub already on 4010 does not matter.
  stub: { name: 'stub', args: async () => [STUB_CLI, '--port', '0'], apiBase: beta, stateful: true },
  prism: {
    name: 'prism',
    args: async () => [
      require.resolve('@stoplight/prism-cli/dist/index.js'),
      'mock',
      '--host',
      '127.0.0.1',
      '--port',
      String(await freePort()),
      require.resolve('@accesspackage/openapi/accesspackage.yaml'),
    ],
    apiBase: (printed) => new URL(printed).origin,
    stateful: false,
  },
} satisfies Record<string, TargetSpec>;

/** The stub on a contract `copies` times today's (stub-server.ts). */
export const largerContractStub = (copies: number): TargetSpec => ({
  name: `stub x${copies}`,
  args: async () => [join(DIST, 'stub-server.js'), '--copies', String(copies)],
  apiBase: beta,
  stateful: true,
});

/** The CLI on a SQLite file that already holds `items` access packages. */
export const storedItemsStub = (items: number, database: string): TargetSpec => ({
  name: `stub ${items} items`,
  args: async () => [STUB_CLI, '--port', '0', '--database', database],
  apiBase: beta,
  stateful: true,
});

function memoryOf(pid: number): { peakRssMb: number; rssMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
    return { peakRssMb: Math.round(kb('VmHWM') / 1024), rssMb: Math.round(kb('VmRSS') / 1024) };
  } catch {
    // Not Linux, or already gone.
    return { peakRssMb: Number.NaN, rssMb: Number.NaN };
  }
}

/**
 * Starts a target and waits for its first answer to `probe` (a path under its API root, sent with `headers`).
 * Rejects, with what the process printed, if it exits or takes longer than `timeoutMs`.
 */
export async function startTarget(
  spec: TargetSpec,
  probe: string,
  headers: Record<string, string>,
  timeoutMs = 60_000,
  /** Node's own flags, before the script (e.g. the profiler's). */
  nodeArgs: readonly string[] = [],
): Promise<RunningTarget> {
  const args = await spec.args();
  const began = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let printed = '';
  let ready = false;
  // Everything a server prints is read (request logs included: that is their cost as users run them), but only the
  // start and the last few KB are kept.
  const keep = (chunk: Buffer) => {
    printed = (printed + chunk.toString('utf8')).slice(ready ? -4096 : -65536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) =>
      reject(new Error(`${spec.name} exited (${signal ?? code}) before it answered:\n${printed.slice(-2000)}`)),
    ),
  );
  exited.catch(() => undefined);
  const deadline = began + timeoutMs;
  try {
    const printedUrl = await Promise.race([
      exited,
      new Promise<string>((resolve, reject) => {
        const poll = () => {
          const match = LISTENING.exec(printed);
          if (match?.[1]) return resolve(match[1]);
          if (performance.now() > deadline) return reject(new Error(`${spec.name} printed no URL:\n${printed}`));
          setTimeout(poll, 2);
        };
        poll();
      }),
    ]);
    const apiBase = spec.apiBase(printedUrl);
    for (;;) {
      const answered = await Promise.race([
        exited,
        fetch(`${apiBase}${probe}`, { headers }).then(
          async (res) => {
            await res.arrayBuffer();
            return res.ok;
          },
          () => false,
        ),
      ]);
      if (answered) break;
      if (performance.now() > deadline) throw new Error(`${spec.name} did not answer ${probe}:\n${printed}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const startupMs = performance.now() - began;
    ready = true;
    const pid = child.pid as number;
    return {
      spec,
      apiBase,
      pid,
      startupMs,
      tail: () => printed.slice(-2000),
      memory: () => memoryOf(pid),
      stop: () => stopChild(child),
    };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // The stub closes gracefully on SIGTERM; anything still there after 5 s is killed.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
