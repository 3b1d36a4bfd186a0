import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { startTestStub, type TestStub } from '@accesspackage/server/testing';

// The README's and each docs page's walk-through, pasted as a newcomer would: every ```sh block of a page, in order, in
// one bash session from the repository root, against a started stub (its address in STUB_URL, which the pages
// document). A block preceded by `<!-- readme-test: skip (why) -->` is not run: installing and starting are what this
// test stands in for, and a block may need a real tenant. Every curl must get a 2xx (`--fail-with-body`), and every
// command must succeed.
const ROOT = resolve(__dirname, '..', '..', '..');
const SKIP = /<!--\s*readme-test:\s*skip\b[^>]*-->\s*$/;
// The README first, then the docs pages a reader follows from it, in its order; any other page after them.
const ORDER = ['stub.md', 'lifecycle.md', 'roles.md', 'client.md', 'testing.md', 'security.md', 'performance.md'];
const PAGES = [
  'README.md',
  ...readdirSync(resolve(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort((a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b))
    .map((name) => `docs/${name}`),
];

interface Block {
  line: number;
  code: string;
  skipped: boolean;
}

function shellBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const pattern = /^```(?:sh|bash)\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(pattern)) {
    const before = markdown.slice(0, match.index);
    blocks.push({
      line: before.split('\n').length,
      code: match[1] ?? '',
      skipped: SKIP.test(before.trimEnd()),
    });
  }
  return blocks;
}

const pages = PAGES.map((page) => ({ page, blocks: shellBlocks(readFileSync(resolve(ROOT, page), 'utf8')) }));
const blocks = pages.flatMap(({ page, blocks }) => blocks.map((block) => ({ ...block, page })));
let stub: TestStub;
beforeAll(async () => {
  stub = await startTestStub();
});
afterAll(async () => {
  await stub.close();
});

it('finds the shell blocks of every page, and skips only those it is told to', () => {
  expect(pages.map(({ page }) => page)).toEqual(
    expect.arrayContaining(['README.md', 'docs/stub.md', 'docs/lifecycle.md']),
  );
  expect(blocks.length).toBeGreaterThanOrEqual(8);
  expect(blocks.filter((b) => b.skipped).map((b) => `${b.page}: ${b.code.split('\n')[0]}`)).toEqual([
    'README.md: # install and start the stub server on http://127.0.0.1:4010/beta',
    'docs/stub.md: # a PostgreSQL you can reach, e.g. docker run -e POSTGRES_HOST_AUTH_METHOD=trust -p 5432:5432 postgres:15',
    'docs/lifecycle.md: npx -y pnpm@12.4.2 start --https --port 4443    # prints "self-signed certificate: <path>"',
    'docs/testing.md: CONTRACT_BASE_URL=https://graph.microsoft.com/beta CONTRACT_TOKEN=$GRAPH_TOKEN \\',
    'docs/getting-started.md: # install and start the stub server on http://127.0.0.1:4010/beta',
  ]);
});

it('has no placeholder left to fill in the blocks a reader pastes', () => {
  const placeholders = blocks
    .filter((b) => !b.skipped)
    .flatMap((b) => [...b.code.matchAll(/<[a-z][a-z-]*>/g)].map((m) => `${b.page} line ${b.line}: ${m[0]}`));
  expect(placeholders).toEqual([]);
});

it('runs every block of every page, each page in one session, in order, against a started stub', async () => {
  let stdout = '';
  for (const { page, blocks: own } of pages) {
    const script = [
      'set -euo pipefail',
      // A curl that answers 4xx/5xx fails the walk-through, while the pages stay plain `curl -s`.
      'curl() { command curl --fail-with-body --show-error "$@"; }',
      ...own
        .filter((b) => !b.skipped)
        // The only placeholder: the stub's address, where a reader's `start` would listen.
        .map((b) => `echo "### ${page} line ${b.line}"\n${b.code.replaceAll('http://127.0.0.1:4010', stub.origin)}`),
    ].join('\n');
    const run = await promisify(execFile)('bash', ['-c', script], {
      cwd: ROOT,
      env: { ...process.env, STUB_URL: stub.baseUrl },
      maxBuffer: 10 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${page}: ${error.message}\n--- stdout\n${error.stdout}\n--- stderr\n${error.stderr}`);
    });
    stdout += run.stdout;
  }
  expect(stdout).toContain('"displayName":"Tour"');
  expect(stdout).toContain('"displayName":"displayName-value"');
  expect(stdout).toContain('"accessPackageCatalog":{');
  expect(stdout).toContain('"status":"reset"');
  expect(stdout).toContain('Created access package');
  // The approval walk-through: the request waited for Approver1, then was delivered.
  expect(stdout).toMatch(/PendingApproval\n[\s\S]*Delivered\n/);
  expect(stdout).toContain('("My first package") in catalog aa2f6514-3232-46e7-a08a-2411ad8d7128.');
  // The access package lifecycle: the resource request delivered, the role granted, the package found by its requestor.
  expect(stdout).toContain('"requestState":"Delivered","requestStatus":"Fulfilled"');
  expect(stdout).toMatch(/"accessPackageResourceRoleScopes":\[\{"id":"[0-9a-f-]{36}_[0-9a-f-]{36}"/);
  expect(stdout).toMatch(/"accessPackageAssignmentPolicies":\[\{[^\]]*"displayName":"Specific users"/);
  expect(stdout).toMatch(
    /accessPackages\(displayName\)","value":\[\{"@odata\.type":"#microsoft\.graph\.accessPackage","id":"[0-9a-f-]{36}","displayName":"Marketing Campaign"\}\]/,
  );
  // Delegation: the catalog owner's pipeline builds in its catalog, is refused elsewhere, and lists its catalog only.
  expect(stdout).toContain('"displayName":"Campaign tools"');
  expect(stdout).toContain('User is not authorized to perform the operation. Reason: Unauthorized');
  expect(stdout).toMatch(
    /accessPackageCatalogs\(displayName\)","value":\[\{"id":"[0-9a-f-]{36}","displayName":"Team Marketing"\}\]/,
  );
  // Every page's walk-through in turn: about 25 s on two idle cores, longer beside the rest of `pnpm test`.
}, 180_000);
