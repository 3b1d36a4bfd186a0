import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The stub as its CLI runs it, in a process of its own, so that a crash is seen as one and its memory can be read. */
export interface StubProcess {
  baseUrl: string;
  origin: string;
  pid: number;
  /** Set when the process ended on its own: its exit code or signal, and what it printed last. */
  crashed(): string | undefined;
  /** The largest resident set seen so far, in bytes (sampled every 250 ms; Linux only, else 0). */
  maxRssBytes(): number;
  stop(): Promise<void>;
}

const CLI = join(dirname(require.resolve('@accesspackage/server/package.json')), 'dist', 'cli.js');

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Starts `accesspackage-stub --port 0 <args>` and resolves once it listens. */
export function startStubProcess(args: string[] = []): Promise<StubProcess> {
  const child: ChildProcess = spawn(process.execPath, [CLI, '--port', '0', ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let ended: string | undefined;
  let stopping = false;
  let maxRss = 0;
  const sampler = setInterval(() => {
    if (child.pid) maxRss = Math.max(maxRss, rssOf(child.pid));
  }, 250);
  sampler.unref();
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      clearInterval(sampler);
      if (!stopping) ended = `the stub exited (${signal ?? `code ${code}`}); it printed:\n${output.slice(-2000)}`;
      resolve();
    });
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stderr?.on('data', collect);
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      collect(chunk);
      const match = /listening on (\S+)/.exec(output);
      if (match?.[1] && child.pid) {
        const baseUrl = match[1];
        resolve({
          baseUrl,
          origin: new URL(baseUrl).origin,
          pid: child.pid,
          crashed: () => ended,
          maxRssBytes: () => Math.max(maxRss, child.pid ? rssOf(child.pid) : 0),
          stop: async () => {
            stopping = true;
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.once('exit', () => reject(new Error(ended ?? `the stub did not start:\n${output}`)));
  });
}
