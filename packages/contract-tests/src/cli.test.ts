import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestStub, type TestStub } from '@accesspackage/server/testing';

// The published command, as a team runs it against its own tenant: here against a stub on a real port. Built by
// turbo before tests run (dist/cli.js).
const CLI = join(__dirname, '..', 'dist', 'cli.js');
const run = promisify(execFile);
const SCOPES = [
  'EntitlementManagement.ReadWrite.All',
  'User.ReadWrite.All',
  'Directory.ReadWrite.All',
  'Group.ReadWrite.All',
];

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each test runs the command over the whole contract, hundreds of requests from a process of its own: about 10 s on
// an idle machine, past the preset's 30 s beside a second run of the suite.
jest.setTimeout(120_000);

let stub: TestStub;
beforeAll(async () => {
  stub = await startTestStub({ journalSize: 100_000, deliveryDelayMs: 0 }, { scopes: SCOPES });
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  await stub.reset();
});

it('checks a server read-only by default: the cases that write are skipped, and no request but GET is sent', async () => {
  const { code, stdout } = await cli(['--base-url', stub.baseUrl, '--token', stub.token, '--runs', '1']);
  expect(code).toBe(0);
  expect(stdout).toMatch(/read-only \(GET requests only; --write runs the rest\)/);
  expect(stdout).toMatch(/^\d{3,} passed, 0 failed, \d+ skipped \(\d+ because they write\)\. Seed 20260505\.$/m);
  expect(stdout).toContain(
    '[skipped: it writes (POST /identityGovernance/entitlementManagement/accessPackages); --write runs it]',
  );
  const sent = await stub.requests();
  expect(sent.length).toBeGreaterThan(100);
  expect(sent.filter((entry) => entry.method !== 'GET')).toEqual([]);
});

it('with --write creates, changes and deletes objects of its own, and leaves the tenant as it found it', async () => {
  const before = await stub.reset();
  const { code, stdout } = await cli(
    ['--base-url', stub.baseUrl, '--runs', '1', '--write', '--grep', 'accessPackageCatalogs'],
    { CONTRACT_TOKEN: stub.token },
  );
  expect(code).toBe(0);
  expect(stdout).toMatch(/ 0 failed, \d+ skipped \(0 because they write\)/);
  expect((await stub.requests({ method: 'POST', status: 201 })).length).toBeGreaterThan(0);
  const health = await (await fetch(`${stub.origin}/_stub/health`)).json();
  expect([health.accessPackages, health.accessPackageCatalogs]).toEqual([
    before.accessPackages,
    before.accessPackageCatalogs,
  ]);
});

it('fails, naming the case and the request to reproduce it, when the server answers against the contract', async () => {
  // A reader's token: every list answers 200, but each create the write cases send answers 403, not 201.
  const reader = stub.tokenFor({ scopes: ['EntitlementManagement.Read.All'] });
  const { code, stdout } = await cli([
    '--base-url',
    stub.baseUrl,
    '--token',
    reader,
    '--runs',
    '1',
    '--write',
    '--grep',
    'POST /beta/identityGovernance/entitlementManagement/accessPackageCatalogs (createAccessPackageCatalog) › answers 201',
  ]);
  expect(code).toBe(1);
  expect(stdout).toContain('✗ POST /beta/identityGovernance/entitlementManagement/accessPackageCatalogs');
  expect(stdout).toContain('expected 201, got 403');
  expect(stdout).toContain('curl -sS -i -X POST');
  expect(stdout).not.toContain(reader);
});

it.each([
  [[], /--base-url is required/],
  [['--base-url', 'stub'], /--base-url must be an absolute URL/],
  [['--base-url', 'http://127.0.0.1:1/beta'], /--token is required/],
  [
    ['--base-url', 'http://127.0.0.1:1/beta', '--token', 't', '--runs', '0'],
    /--runs must be a whole number of at least 1/,
  ],
  [['--bogus'], /Unknown option '--bogus'/],
])('explains a usage error %j and exits 2', async (args, message) => {
  const { code, stderr } = await cli(args, { CONTRACT_BASE_URL: '', CONTRACT_TOKEN: '' });
  expect(code).toBe(2);
  expect(stderr).toMatch(message);
  expect(stderr).toContain('--help');
});

it('prints its help, with the permissions a token needs, its version, and the list of its cases', async () => {
  const help = await cli(['--help']);
  expect(help.stdout).toContain('Usage: accesspackage-contract-tests --base-url <url> --token <token>');
  expect(help.stdout).toContain('EntitlementManagement.ReadWrite.All');
  expect((await cli(['--version'])).stdout).toMatch(/^accesspackage-contract-tests \d+\.\d+\.\d+\n$/);
  const list = await cli(['--list', '--base-url', stub.baseUrl, '--grep', 'createAccessPackageCatalog']);
  expect(list.code).toBe(0);
  expect(list.stdout).toContain(
    'POST /beta/identityGovernance/entitlementManagement/accessPackageCatalogs (createAccessPackageCatalog) › ',
  );
});
