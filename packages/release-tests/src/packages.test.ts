import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

// Every publishable package as a user gets it: packed (pnpm pack, which turns workspace:* into versions and adds the
// root LICENSE), installed with npm from the tarballs alone into an empty project, linted with publint and
// @arethetypeswrong/cli, and used: the stub's binary runs from node_modules and serves the bundled contract.
const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..', '..');
const PUBLISHED = {
  '@accesspackage/openapi': 'openapi',
  '@accesspackage/types': 'packages/types',
  '@accesspackage/client': 'packages/client',
  '@accesspackage/express-openapi-validator': 'packages/express-openapi-validator',
  '@accesspackage/server': 'apps/server',
  '@accesspackage/contract-tests': 'packages/contract-tests',
} as const;
type Name = keyof typeof PUBLISHED;
const NAMES = Object.keys(PUBLISHED) as Name[];
const SERVER_DIR = join(ROOT, PUBLISHED['@accesspackage/server']);
const bin = (name: string) => join(__dirname, '..', 'node_modules', '.bin', name);

const work = mkdtempSync(join(tmpdir(), 'release-tests-'));
const project = join(work, 'project');
const tarballs = {} as Record<Name, string>;

async function pack(name: Name): Promise<string> {
  const destination = join(work, name.replace('@accesspackage/', ''));
  await run('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', destination], {
    cwd: join(ROOT, PUBLISHED[name]),
  });
  const file = readdirSync(destination).find((f) => f.endsWith('.tgz'));
  if (!file) throw new Error(`pnpm pack left no tarball for ${name} in ${destination}`);
  return join(destination, file);
}

const INSTALLED_CLI = () => join(project, 'node_modules', '@accesspackage', 'server', 'dist', 'cli.js');

/** A stub's CLI (`cli`, the installed one by default) on a free port, once it says it listens. */
async function startStub(cli = INSTALLED_CLI()): Promise<{ stub: ChildProcess; baseUrl: string }> {
  const stub = spawn(process.execPath, [cli, '--port', '0'], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  const baseUrl = await new Promise<string>((done, fail) => {
    let out = '';
    stub.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match?.[1]) done(match[1]);
    });
    stub.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    stub.once('exit', (code) => fail(new Error(`the stub exited (${code}) before listening:\n${out}`)));
  });
  return { stub, baseUrl };
}

/** The installed stub's CLI on a free port, with a token from its `token` command. */
async function startInstalledStub(): Promise<{ stub: ChildProcess; baseUrl: string; token: string }> {
  const started = await startStub();
  const { stdout } = await run('npx', ['--no-install', 'accesspackage-stub', 'token'], { cwd: project });
  return { ...started, token: stdout.trim() };
}

beforeAll(async () => {
  for (const name of NAMES) tarballs[name] = await pack(name);
  await run('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  // The tarballs and their registry dependencies only: no workspace, no links. Scripts off: the install script
  // among the dependencies that matters builds better-sqlite3's native module, which a user's
  // install downloads prebuilt or compiles (about two minutes here, where nothing prebuilt can be fetched). This
  // machine compiled that very version for the workspace already: it is copied in, built for this Node.
  await run(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...NAMES.map((n) => tarballs[n])],
    { cwd: project },
  );
  const built = join(dirname(require.resolve('better-sqlite3/package.json', { paths: [SERVER_DIR] })), 'build');
  cpSync(built, join(project, 'node_modules', 'better-sqlite3', 'build'), { recursive: true });
}, 300_000);
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe.each(NAMES)('%s', (name) => {
  it('ships its README, CHANGELOG, LICENSE and built files, and nothing of the workspace', async () => {
    const { stdout } = await run('tar', ['-tzf', tarballs[name]]);
    const files = stdout.split('\n').filter(Boolean);
    expect(files).toEqual(
      expect.arrayContaining(['package/README.md', 'package/CHANGELOG.md', 'package/LICENSE', 'package/package.json']),
    );
    expect(files.filter((f) => /\.map$|\.test\.|\/src\/|\/bench\/|tsbuildinfo/.test(f))).toEqual([]);
  });

  it('passes publint, suggestions included', async () => {
    const { stdout } = await run(bin('publint'), ['run', tarballs[name], '--strict', '--level', 'suggestion']);
    expect(stdout).toContain('All good!');
  });
});

// Libraries are typed for every module resolution; the contract tests are a command, with nothing to import.
describe.each(NAMES.filter((name) => name !== '@accesspackage/contract-tests'))('%s as a library', (name) => {
  it('passes @arethetypeswrong/cli in every module resolution', async () => {
    // The contract's YAML is a data file, exported for require.resolve, not a module to type.
    const exclude = name === '@accesspackage/openapi' ? ['--exclude-entrypoints', './accesspackage.yaml'] : [];
    const { stdout } = await run(bin('attw'), [tarballs[name], '--format', 'ascii', ...exclude]);
    expect(stdout).toContain('No problems found');
  });
});

describe('installed from the tarballs', () => {
  it("runs no one's analytics: nothing installed depends on @scarf/scarf (swagger-ui-dist's post-install)", () => {
    expect(existsSync(join(project, 'node_modules', '@scarf'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'swagger-ui-dist'))).toBe(false);
  });

  it('runs `npx accesspackage-contract-tests` read-only against the installed stub', async () => {
    const { stub, baseUrl, token } = await startInstalledStub();
    try {
      const { stdout } = await run(
        'npx',
        [
          '--no-install',
          'accesspackage-contract-tests',
          '--base-url',
          baseUrl,
          '--token',
          token,
          '--grep',
          'listAccessPackages',
        ],
        { cwd: project },
      );
      expect(stdout).toMatch(/^\d+ passed, 0 failed, \d+ skipped/m);
    } finally {
      stub.kill('SIGTERM');
    }
  });

  it('runs the validator the repository tests: patched, and no unpatched copy beside it', () => {
    const validator = join(project, 'node_modules', '@accesspackage', 'express-openapi-validator', 'dist');
    expect(readFileSync(join(validator, 'openapi.validator.js'), 'utf8')).toContain('Patched');
    expect(readFileSync(INSTALLED_CLI().replace('cli.js', 'app.js'), 'utf8')).toContain(
      'require("@accesspackage/express-openapi-validator")',
    );
    expect(existsSync(join(project, 'node_modules', 'express-openapi-validator'))).toBe(false);
  });

  it("starts and answers gets within 20 % of the repository's build, in CPU time (interleaved)", async () => {
    const { stdout } = await run('npx', ['--no-install', 'accesspackage-stub', 'token'], { cwd: project });
    const headers = { authorization: `Bearer ${stdout.trim()}` };
    const clis = { installed: INSTALLED_CLI(), repository: join(SERVER_DIR, 'dist', 'cli.js') };
    // The CPU time a stub's process has used (user and system, in clock ticks), which the load of a busy machine barely
    // changes, where the wall-clock time of the same work varied by a quarter from run to run.
    const cpuOf = (stub: ChildProcess) => {
      const stat = readFileSync(`/proc/${stub.pid}/stat`, 'utf8');
      const [utime, stime] = stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .slice(11, 13)
        .map(Number);
      return (utime as number) + (stime as number);
    };
    // Each side measured in turn, in alternating order, so that a machine growing busier favours neither.
    const order = (round: number) =>
      round % 2 === 0 ? (['installed', 'repository'] as const) : (['repository', 'installed'] as const);
    const started = { installed: 0, repository: 0 };
    for (let round = 0; round < 10; round++) {
      for (const which of order(round)) {
        const { stub } = await startStub(clis[which]);
        started[which] += cpuOf(stub);
        stub.kill('SIGTERM');
      }
    }
    // Gets: both stubs up at once, blocks of 200 sequential gets.
    const both = { installed: await startStub(clis.installed), repository: await startStub(clis.repository) };
    const gets = { installed: 0, repository: 0 };
    try {
      const block = async (which: 'installed' | 'repository') => {
        const { stub, baseUrl } = both[which];
        const url = `${baseUrl}/identityGovernance/entitlementManagement/accessPackages?$top=1`;
        const before = cpuOf(stub);
        for (let i = 0; i < 200; i++) await (await fetch(url, { headers })).arrayBuffer();
        return cpuOf(stub) - before;
      };
      await block('installed');
      await block('repository');
      for (let round = 0; round < 8; round++) {
        for (const which of order(round)) gets[which] += await block(which);
      }
    } finally {
      for (const { stub } of Object.values(both)) stub.kill('SIGTERM');
    }
    const ratios = { started: started.installed / started.repository, gets: gets.installed / gets.repository };
    console.log(
      `installed / repository, in CPU time: start-up ${ratios.started.toFixed(2)}, gets ${ratios.gets.toFixed(2)}`,
    );
    expect(ratios.started).toBeLessThanOrEqual(1.2);
    expect(ratios.gets).toBeLessThanOrEqual(1.2);
  }, 300_000);

  it('runs `npx accesspackage-stub --help`', async () => {
    const { stdout } = await run('npx', ['--no-install', 'accesspackage-stub', '--help'], { cwd: project });
    expect(stdout).toContain('Usage:');
    expect(stdout).toContain('[PORT]');
  });

  it('starts the stub, which serves the bundled contract and answers a create', async () => {
    const { stub, baseUrl, token } = await startInstalledStub();
    try {
      const created = await fetch(`${baseUrl}/identityGovernance/entitlementManagement/accessPackages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128', displayName: 'from the tarball' }),
      });
      expect(created.status).toBe(201);
      const contract = await fetch(`${new URL(baseUrl).origin}/openapi.yaml`);
      expect(await contract.text()).toContain('operationId: createAccessPackage');
      // The docs page's swagger-ui comes inside the package (dist/swagger-ui), not from swagger-ui-dist.
      const bundle = await fetch(`${new URL(baseUrl).origin}/docs/assets/swagger-ui-bundle.js`);
      expect([bundle.status, bundle.headers.get('content-type')]).toEqual([
        200,
        'application/javascript; charset=utf-8',
      ]);
      expect((await bundle.text()).length).toBeGreaterThan(500_000);
    } finally {
      stub.kill('SIGTERM');
    }
  });

  it.each([
    ['nodenext', 'nodenext', 'graph.mts'],
    ['nodenext', 'nodenext', 'graph.cts'],
    ['esnext', 'bundler', 'graph.ts'],
    ['commonjs', 'node10', 'graph.ts'],
  ])(
    'lets a library export a client it made, with declarations on (module %s, resolution %s, %s)',
    async (module, moduleResolution, file) => {
      // TS2742 otherwise: the client's inferred type named files inside the package that its exports map hides.
      const dir = join(project, `declarations-${moduleResolution}-${file.replace('.', '-')}`);
      await run('mkdir', ['-p', dir]);
      writeFileSync(
        join(dir, file),
        `import { createAccessPackageClient, createGraphTransport } from '@accesspackage/client';
export const graph = createAccessPackageClient({ baseUrl: 'http://127.0.0.1:4010/beta', auth: 'token' });
export const transport = createGraphTransport({ baseUrl: 'http://127.0.0.1:4010/beta' });
export const lists = graph.accessPackages;
export const raw = graph.raw;
`,
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            module,
            moduleResolution,
            target: 'es2022',
            strict: true,
            declaration: true,
            emitDeclarationOnly: true,
            outDir: 'out',
            skipLibCheck: true,
          },
          files: [file],
        }),
      );
      const compiled = await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir]).then(
        () => '',
        (err: { stdout?: string }) => err.stdout ?? String(err),
      );
      expect(compiled).toBe('');
      // Named, not spelled out: the declaration stays a line, whatever the contract grows to.
      const emitted = readdirSync(join(dir, 'out')).find((name) => /\.d\.[cm]?ts$/.test(name)) as string;
      expect(readFileSync(join(dir, 'out', emitted), 'utf8')).toMatch(
        /export declare const graph: import\("@accesspackage\/client"\)\.AccessPackageClient;/,
      );
    },
  );

  it("types the server's API fully for a TypeScript user (no silent any from a missing dependency)", async () => {
    writeFileSync(
      join(project, 'index.ts'),
      `import { createApp, startServer, type StubData } from '@accesspackage/server';
import { startTestStub } from '@accesspackage/server/testing';
import type { AccessPackage } from '@accesspackage/types';
type IsAny<T> = 0 extends 1 & T ? true : false;
const app = createApp();
const notAny: [IsAny<typeof app>, IsAny<StubData['accessPackages']>, IsAny<Awaited<ReturnType<typeof startServer>>>] = [false, false, false];
const listen: (port: number) => unknown = app.listen;
const stub: Promise<{ baseUrl: string; token: string }> = startTestStub();
const created: AccessPackage | undefined = undefined;
export { notAny, listen, stub, created };
`,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
        },
        files: ['index.ts'],
      }),
    );
    await expect(run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', project])).resolves.toBeDefined();
  });
});
