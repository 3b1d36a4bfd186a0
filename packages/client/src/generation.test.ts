import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadContract } from '@accesspackage/openapi';

// The client's calls are generated from the contract: an operation added to the contract costs no client code. This
// adds one to a copy of the contract, generates the client's types and calls from it, and type-checks the result with
// the client's hand-written source, unchanged.
const run = promisify(execFile);
const PACKAGE = join(__dirname, '..');
const GENERATOR = join(PACKAGE, '..', '..', 'openapi', 'scripts', 'generate-client.mjs');
const bin = (name: string) => join(PACKAGE, 'node_modules', '.bin', name);

jest.setTimeout(120_000);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'client-generation-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('makes a call, a facade method and a listAll of an operation added to the contract, with no client code', async () => {
  // biome-ignore lint/suspicious/noExplicitAny: a copy of the contract, changed as a document.
  const contract = loadContract() as any;
  contract.paths['/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/widgets'] = {
    parameters: [{ $ref: '#/components/parameters/accessPackageId' }],
    get: {
      operationId: 'listAccessPackageWidgets',
      summary: 'List the widgets of an access package',
      'x-client': { call: 'accessPackages.widgets.list' },
      security: [{ azureaadv2: ['EntitlementManagement.Read.All'] }],
      parameters: [{ $ref: '#/components/parameters/top' }, { $ref: '#/components/parameters/count' }],
      responses: {
        '200': {
          description: 'A page of widgets.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/accessPackageCollectionResponse' } } },
        },
      },
    },
  };
  const copy = join(dir, 'contract.json');
  writeFileSync(copy, JSON.stringify(contract));

  // The client's hand-written source beside what the generators make of the copy.
  const src = join(dir, 'src');
  mkdirSync(join(src, 'gen'), { recursive: true });
  for (const name of readdirSync(join(PACKAGE, 'src')).filter(
    (n) => n.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(n),
  )) {
    copyFileSync(join(PACKAGE, 'src', name), join(src, name));
  }
  copyFileSync(join(PACKAGE, 'src', 'gen', 'odata.gen.ts'), join(src, 'gen', 'odata.gen.ts'));
  await run(bin('openapi-ts'), ['-i', copy, '-o', join(src, 'gen'), '-p', '@hey-api/typescript'], { cwd: dir });
  // hey-api empties its output folder: the capabilities file goes back afterwards.
  copyFileSync(join(PACKAGE, 'src', 'gen', 'odata.gen.ts'), join(src, 'gen', 'odata.gen.ts'));
  await run(process.execPath, [GENERATOR, join(src, 'gen'), '--contract', copy]);

  const calls = readFileSync(join(src, 'gen', 'calls.gen.ts'), 'utf8');
  expect(calls).toContain('export function listAccessPackageWidgets<Raw extends boolean = false>(');
  expect(calls).toContain(
    '{ method: \'GET\', url: "/identityGovernance/entitlementManagement/accessPackages/{accessPackageId}/widgets", path: { accessPackageId }, query: toQuery(pageOptions) } satisfies Operation<T.ListAccessPackageWidgetsData>',
  );
  const facade = readFileSync(join(src, 'gen', 'facade.gen.ts'), 'utf8');
  expect(facade).toMatch(
    /widgets: \{\n\s+\/\*\* List the widgets of an access package \*\/\n\s+list: \(accessPackageId: string, pageOptions\?: PageOptions\) =>/,
  );
  expect(facade).toMatch(
    /widgets: \{\n\s+\/\*\* Every item[^\n]*\n\s+listAll: \(accessPackageId: string, pageOptions\?: PageOptions\)/,
  );

  // And it compiles, typed, with an app calling it through the facade.
  writeFileSync(
    join(src, 'app.ts'),
    `import { createAccessPackageClient } from './client.js';
const graph = createAccessPackageClient({ auth: 'token' });
export const first = graph.accessPackages.widgets.list('id', { top: 5 }).then((page) => page.value[0]?.displayName);
// @ts-expect-error: a widget list takes no $filter
graph.accessPackages.widgets.list('id', { filter: "displayName eq 'x'" });
`,
  );
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: join(PACKAGE, '..', '..', 'tsconfig.base.json'), include: ['src'] }),
  );
  await run(bin('tsc'), ['--noEmit', '-p', join(dir, 'tsconfig.json')]).catch((error: { stdout?: string }) => {
    throw new Error(`The generated client does not compile:\n${error.stdout}`);
  });
});
