import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestStub, type TestStub } from '@accesspackage/server/testing';
import { createAccessPackageExample } from './create-access-package.js';

const run = promisify(execFile);
let stub: TestStub;
beforeEach(async () => {
  stub = await startTestStub({ pageSize: 2 });
});
afterEach(async () => {
  await stub.close();
});

it('creates an access package in the General catalog and finds it when listing the catalog', async () => {
  const { token } = stub;
  await createAccessPackageExample({ baseUrl: stub.baseUrl, token, displayName: 'First' });
  await createAccessPackageExample({ baseUrl: stub.baseUrl, token, displayName: 'Second' });
  const { created, inCatalog } = await createAccessPackageExample({
    baseUrl: stub.baseUrl,
    token,
    displayName: 'Third',
  });
  expect(created).toMatchObject({ displayName: 'Third', catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128' });
  expect(inCatalog).toEqual(['First', 'Second', 'Third']);
});

it('runs as docs/client.md shows, printing what it created', async () => {
  const { stdout } = await run(process.execPath, [join(__dirname, '..', 'dist', 'main.js'), 'README example'], {
    env: { ...process.env, STUB_URL: stub.baseUrl, TOKEN: stub.token },
  });
  expect(stdout).toMatch(/^Created access package [0-9a-f-]{36} \("README example"\) in catalog aa2f6514/);
});

it('tells the user what to do when the stub is not running', async () => {
  const failure = await run(process.execPath, [join(__dirname, '..', 'dist', 'main.js')], {
    env: { ...process.env, STUB_URL: 'http://127.0.0.1:9/beta', TOKEN: 'x' },
  }).catch((e: { code: number; stderr: string }) => e);
  expect(failure).toMatchObject({
    code: 1,
    stderr: expect.stringContaining('Start it with: npx -y pnpm@12.4.2 start'),
  });
});
