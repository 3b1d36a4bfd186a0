import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// What a browser app pays for the client: its built ESM (dist/esm, as it ships) bundled and minified by esbuild
// the way an app's bundler would, from a scratch project that imports the package by name.
const PACKAGE_DIR = resolve(__dirname, '..');
const project = mkdtempSync(join(tmpdir(), 'client-bundle-'));
mkdirSync(join(project, 'node_modules', '@accesspackage'), { recursive: true });
symlinkSync(PACKAGE_DIR, join(project, 'node_modules', '@accesspackage', 'client'), 'dir');

async function gzipSize(contents: string): Promise<{ raw: number; gzip: number; text: string; inputs: string[] }> {
  const result = await build({
    stdin: { contents, resolveDir: project, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0]?.contents ?? new Uint8Array();
  const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
  return {
    raw: output.length,
    gzip: gzipSync(output, { level: 9 }).length,
    text: Buffer.from(output).toString(),
    inputs: inputs.map((path) => path.replace(/^(.*\/)?dist\/esm\//, '')),
  };
}

it('bundles GraphError alone in under 1 KB gzip: the ESM build is free of side effects', async () => {
  const { gzip, text } = await gzipSize(
    `import { GraphError } from '@accesspackage/client'; console.log(new GraphError(404, {}));`,
  );
  expect(gzip).toBeLessThanOrEqual(1024);
  expect(text).not.toContain('bodySerializer'); // nothing of the generated client
});

// The README's minimal create, verbatim: the ```ts block after `<!-- bundle-test: minimal create -->` in the client's
// README, so what it promises and what is measured cannot drift apart.
const README = readFileSync(join(PACKAGE_DIR, 'README.md'), 'utf8');
const MINIMAL_CREATE = /<!--\s*bundle-test: minimal create\s*-->\s*```ts\n([\s\S]*?)^```$/m.exec(README)?.[1];

it("bundles the README's minimal create in under 3.5 KB gzip, without hey-api's generated client", async () => {
  expect(MINIMAL_CREATE).toContain('createAccessPackage(graph');
  const { gzip, inputs, text } = await gzipSize(MINIMAL_CREATE ?? '');
  expect(gzip).toBeLessThanOrEqual(3.5 * 1024);
  // The transport, retries, auth and errors the facade uses too, and the one generated call: no other operation.
  expect(inputs.filter((path) => /(^|\/)gen\//.test(path))).toEqual(['gen/calls.gen.js']);
  expect(text).not.toContain('accessPackageAssignmentPolicies');
  expect(inputs).toEqual(expect.arrayContaining(['transport.js', 'retry.js', 'auth.js', 'errors.js', 'request.js']));
});

// The facade is one object, which a bundler keeps whole: a create through it bundles every call of the contract. This
// ceiling keeps it from growing unnoticed; apps that count bytes take the path above.
const FACADE_LIMIT = 6 * 1024;

it(`bundles a create through the facade in under ${FACADE_LIMIT / 1024} KB gzip`, async () => {
  const { gzip } = await gzipSize(`import { createAccessPackageClient } from '@accesspackage/client';
const graph = createAccessPackageClient({ baseUrl: 'http://127.0.0.1:4010/beta', auth: 'token' });
graph.accessPackages.create({ catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128', displayName: 'x' }).then(console.log);`);
  expect(gzip).toBeLessThanOrEqual(FACADE_LIMIT);
});

it('has one GraphError identity across the ESM and CommonJS builds', async () => {
  const script = `
const cjs = require(${JSON.stringify(join(PACKAGE_DIR, 'dist', 'cjs', 'index.js'))});
import(${JSON.stringify(join(PACKAGE_DIR, 'dist', 'esm', 'index.js'))}).then((esm) => {
  const fromEsm = new esm.GraphError(404, { error: { code: 'ResourceNotFound', message: 'gone' } });
  const fromCjs = new cjs.GraphError(500, {});
  class Mine extends cjs.GraphError {}
  console.log(JSON.stringify([
    esm.GraphError !== cjs.GraphError,
    fromEsm instanceof cjs.GraphError,
    fromCjs instanceof esm.GraphError,
    new esm.GraphTimeoutError(5, undefined) instanceof cjs.GraphTimeoutError,
    new cjs.GraphTransportError('x', undefined) instanceof esm.GraphTransportError,
    fromEsm instanceof cjs.GraphTransportError,
    fromEsm instanceof Mine,
    new Mine(400, {}) instanceof Mine,
    new Mine(400, {}) instanceof esm.GraphError,
    ({ status: 404 }) instanceof esm.GraphError,
  ]));
});`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script]);
  expect(JSON.parse(stdout)).toEqual([true, true, true, true, true, false, false, true, true, false]);
});
