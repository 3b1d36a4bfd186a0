import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startTestStub, type TestStub } from '@accesspackage/server/testing';

const run = promisify(execFile);
const PACKAGES_DIR = resolve(__dirname, '..', '..');
const TSC = require.resolve('typescript/bin/tsc');

/** `pnpm pack` a workspace package into `destination`, returning the tarball's path. */
async function pack(packageDir: string, destination: string): Promise<string> {
  await run('npx', ['-y', 'pnpm@12.4.2', 'pack', '--pack-destination', destination], { cwd: packageDir });
  const name = readdirSync(destination).find((f) =>
    f.startsWith(packageDir.endsWith('client') ? 'accesspackage-client' : 'accesspackage-types'),
  );
  if (!name) throw new Error(`pnpm pack left no tarball for ${packageDir} in ${destination}`);
  return join(destination, name);
}

// What a user writes: import the client and the types by package name, create a package on the stub, through the
// facade and through the per-operation functions.
const CONSUMER = `import { createAccessPackage, createAccessPackageClient, createGraphTransport, GraphError } from '@accesspackage/client';
import type { AccessPackage } from '@accesspackage/types';
declare const process: { env: Record<string, string | undefined> };

const client = createAccessPackageClient({ baseUrl: process.env.STUB_URL, auth: process.env.TOKEN });
const created: AccessPackage = await client.accessPackages.create({
  catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128',
  displayName: 'from a packed tarball',
});
const missing = await client.accessPackages.get('nope').catch((e: unknown) => e);
const graph = createGraphTransport({ baseUrl: process.env.STUB_URL, auth: process.env.TOKEN });
const lean: AccessPackage = await createAccessPackage(graph, { catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128', displayName: 'lean' });
console.log(JSON.stringify({ displayName: created.displayName, lean: lean.displayName, isGraphError: missing instanceof GraphError }));
`;

let stub: TestStub;
let tarballs: string[];
const work = mkdtempSync(join(tmpdir(), 'client-packaging-'));

// Two `pnpm pack` runs through npx: seconds alone, minutes on two cores shared with the rest of `pnpm test` (twice over
// 120 s on Node 24 so).
beforeAll(async () => {
  stub = await startTestStub();
  tarballs = [await pack(join(PACKAGES_DIR, 'client'), work), await pack(join(PACKAGES_DIR, 'types'), work)];
}, 300_000);
afterAll(async () => {
  await stub.close();
});

it.each([
  ['ESM', 'module'],
  ['CommonJS', 'commonjs'],
])(
  'installs from the tarball and runs in a %s TypeScript project',
  async (_flavor, type) => {
    const project = join(work, type);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: `scratch-${type}`, private: true, type }));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2022', 'dom'],
          strict: true,
          outDir: 'dist',
          types: [],
        },
        files: ['index.ts'],
      }),
    );
    // CommonJS has no top-level await; wrap the same program in an async function there.
    writeFileSync(
      join(project, 'index.ts'),
      type === 'module'
        ? CONSUMER
        : CONSUMER.replace(/\nconst client/, '\n(async () => {\nconst client').concat('})();\n'),
    );
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], {
      cwd: project,
    });
    await run(process.execPath, [TSC, '-p', project]);
    const { stdout } = await run(process.execPath, [join(project, 'dist', 'index.js')], {
      env: { ...process.env, STUB_URL: stub.baseUrl, TOKEN: stub.token },
    });
    expect(JSON.parse(stdout)).toEqual({ displayName: 'from a packed tarball', lean: 'lean', isGraphError: true });
  },
  120_000,
);
