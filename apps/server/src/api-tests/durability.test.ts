import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevToken } from '../auth/dev-token.js';
import { GENERAL_CATALOG_ID } from '../store/store.js';
import { PACKAGES, TEST_ENGINE } from '../testing/jest-helpers.js';

// The built CLI, as users start it.
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const token = createDevToken();

function startCli(database: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--port', '0', '--database', database, '--log-level', 'silent'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+\/beta)/.exec(out);
      if (match?.[1]) resolve({ child, baseUrl: match[1] });
    });
    child.stderr?.on('data', (chunk) => {
      out += chunk;
    });
    child.once('exit', (code) => reject(new Error(`the stub exited (${code}) before listening:\n${out}`)));
  });
}

// SQLite files are the stub's own durability; PostgreSQL's is PostgreSQL's.
(TEST_ENGINE === 'sqlite' ? it : it.skip)(
  'keeps every create that was answered 201 when the process is killed mid-load (SQLite file)',
  async () => {
    const database = join(mkdtempSync(join(tmpdir(), 'stub-durable-')), 'stub.db');
    const first = await startCli(database);
    const acknowledged: Array<{ id: string; displayName: string }> = [];
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i += 1) {
        try {
          const res = await fetch(`${first.baseUrl}${PACKAGES}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              catalogId: GENERAL_CATALOG_ID,
              displayName: `w${w}-${i}`,
              description: 'x'.repeat(200),
            }),
          });
          if (res.status === 201) acknowledged.push(await res.json());
        } catch {
          return; // The process is gone: whatever was not answered is not promised.
        }
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    stop = true;
    await load;

    const second = await startCli(database);
    try {
      const stored = new Map<string, { displayName: string; description: string }>();
      let next: string | undefined = `${second.baseUrl}${PACKAGES}?$top=999`;
      while (next) {
        const page = (await (await fetch(next, { headers: { authorization: `Bearer ${token}` } })).json()) as {
          value: Array<{ id: string; displayName: string; description: string }>;
          '@odata.nextLink'?: string;
        };
        for (const p of page.value) stored.set(p.id, p);
        next = page['@odata.nextLink'];
      }
      const missing = acknowledged.filter((a) => stored.get(a.id)?.displayName !== a.displayName);
      expect({ acknowledged: acknowledged.length, missing }).toEqual({
        acknowledged: acknowledged.length,
        missing: [],
      });
      expect([...stored.values()].every((p) => p.description === 'x'.repeat(200))).toBe(true);
    } finally {
      second.child.kill('SIGKILL');
    }
  },
  120_000,
);
