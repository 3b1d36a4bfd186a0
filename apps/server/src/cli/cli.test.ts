import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDevCertificate } from '../http/tls.js';
import { PACKAGES } from '../testing/jest-helpers.js';
import { SERVE_OPTIONS, TOKEN_OPTIONS } from './options.js';

// The built CLI, exactly what `pnpm start` runs; turbo builds it before tests run.
const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const run = promisify(execFile);

async function runCli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Starts the CLI and resolves with its base URL once it prints it. */
function startCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcessWithoutNullStreams; baseUrl: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (\S+)/.exec(output);
      if (match?.[1]) resolve({ child, baseUrl: match[1], output: () => output });
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.once('exit', (code) => reject(new Error(`the CLI exited with ${code} before listening:\n${output}`)));
  });
}

it('--help lists every flag with its environment-variable twin', async () => {
  const { code, stdout } = await runCli(['--help']);
  expect(code).toBe(0);
  for (const option of SERVE_OPTIONS) {
    expect(stdout).toContain(`--${option.flag}`);
    expect(stdout).toContain(`[${option.env}]`);
  }
  const token = await runCli(['token', '--help']);
  for (const option of TOKEN_OPTIONS) expect(token.stdout).toContain(`--${option.flag}`);
});

it("docs/stub.md's options table names every flag with its environment-variable twin", () => {
  const page = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'stub.md'), 'utf8');
  const table = page.slice(page.indexOf('## Stub options'), page.indexOf('## Admin routes'));
  expect(table.length).toBeGreaterThan(1_000);
  const missing = SERVE_OPTIONS.filter(
    (option) => !table.includes(`\`--${option.flag}`) || !table.includes(`\`${option.env}\``),
  ).map((option) => `--${option.flag} / ${option.env}`);
  expect(missing).toEqual([]);
});

it.each([
  [['--bogus'], /Unknown option '--bogus'/],
  [['--port', 'eighty'], /--port must be a whole number/],
  [['--auth', 'strict'], /--auth strict needs a key/],
  [['--rate-limit', 'lots'], /--rate-limit must look like 100\/10s/],
  [['--error-statuses', '418'], /--error-statuses may list only/],
  [['--data-file', '/nonexistent/data.json'], /cannot read the data file \/nonexistent\/data\.json/],
  [['--cert', 'a.pem'], /--cert and --key go together/],
  [['--max-items', '0'], /--max-items must be a whole number from 1/],
  [['--admin-token', 'short'], /--admin-token must be at least 16 characters/],
  [['--public-url', 'stub.example.com'], /--public-url: the public URL "stub.example.com" is not an absolute URL/],
  [['--cors-origins', 'https://app.example/path'], /--cors-origins: "https:\/\/app.example\/path" is not a web origin/],
])('explains a bad setting %j and exits 2', async (args, message) => {
  const { code, stderr } = await runCli(args);
  expect(code).toBe(2);
  expect(stderr).toMatch(message);
  expect(stderr).toContain('--help');
  expect(stderr).not.toMatch(/at .*\.js:\d+/);
});

it('starts, serves a token from the token command, and shuts down gracefully on SIGTERM', async () => {
  const { child, baseUrl } = await startCli(['--port', '0']);
  try {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/beta$/);
    const reader = (await runCli(['token', '--scopes', 'EntitlementManagement.Read.All'])).stdout.trim();
    const list = await fetch(`${baseUrl}${PACKAGES}`, { headers: { authorization: `Bearer ${reader}` } });
    expect(list.status).toBe(200);
    const write = await fetch(`${baseUrl}${PACKAGES}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reader}` },
    });
    expect(write.status).toBe(403);
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
});

it.each([
  [{ PORT: 'abc' }, /^accesspackage-stub: PORT must be a whole number from 0 to 65535; got "abc"/],
  [{ STUB_ERROR_RATE: '2' }, /^accesspackage-stub: STUB_ERROR_RATE must be a share between 0 and 1/],
  [{ LOG_LEVEL: 'loud' }, /^accesspackage-stub: LOG_LEVEL must be one of/],
])('names the environment variable of a bad setting that came from there: %j', async (env, message) => {
  const { code, stderr } = await runCli([], env);
  expect(code).toBe(2);
  expect(stderr).toMatch(message);
});

it('takes its port from PORT when no flag is given, and says when the port is taken', async () => {
  const first = await startCli(['--port', '0']);
  try {
    const port = new URL(first.baseUrl).port;
    const second = await runCli([], { PORT: port });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`127.0.0.1:${port} is already in use`);
  } finally {
    first.child.kill('SIGTERM');
  }
});

it('logs one line per request with method, path, status, Graph error code, duration and request-id', async () => {
  const { child, baseUrl, output } = await startCli(['--port', '0'], { LOG_LEVEL: 'info' });
  try {
    const res = await fetch(`${baseUrl}${PACKAGES}`, { headers: { authorization: 'Bearer not-a-jwt' } });
    await new Promise((r) => setTimeout(r, 200));
    const line = output()
      .split('\n')
      .find((l) => l.includes('"status":401'));
    expect(line).toBeDefined();
    const entry = JSON.parse(line as string);
    expect(entry).toMatchObject({
      method: 'GET',
      path: `/beta${PACKAGES}`,
      status: 401,
      errorCode: 'InvalidAuthenticationToken',
      requestId: res.headers.get('request-id'),
    });
    expect(entry.durationMs).toEqual(expect.any(Number));
  } finally {
    child.kill('SIGTERM');
  }
});

it('reads settings from environment twins: STUB_AUTH=off and STUB_DATA_FILE', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-data-'));
  const dataFile = join(dir, 'data.json');
  writeFileSync(
    dataFile,
    JSON.stringify({
      accessPackages: [{ catalogId: 'aa2f6514-3232-46e7-a08a-2411ad8d7128', displayName: 'From file' }],
    }),
  );
  const { child, baseUrl } = await startCli(['--port', '0'], { STUB_AUTH: 'off', STUB_DATA_FILE: dataFile });
  try {
    const res = await fetch(`${baseUrl}${PACKAGES}`);
    expect(res.status).toBe(200);
    expect((await res.json()).value.map((p: { displayName: string }) => p.displayName)).toEqual(['From file']);
  } finally {
    child.kill('SIGTERM');
  }
});

it('serves TLS from --cert and --key files', async () => {
  const tls = await createDevCertificate();
  const dir = mkdtempSync(join(tmpdir(), 'cli-tls-'));
  writeFileSync(join(dir, 'cert.pem'), tls.cert);
  writeFileSync(join(dir, 'key.pem'), tls.key);
  const { child, baseUrl } = await startCli([
    '--port',
    '0',
    '--cert',
    join(dir, 'cert.pem'),
    '--key',
    join(dir, 'key.pem'),
  ]);
  try {
    expect(baseUrl).toMatch(/^https:/);
    const script = `fetch(${JSON.stringify(`${baseUrl.replace('/beta', '')}/_stub/health`)}).then((r) => console.log(r.status))`;
    const { stdout } = await run(process.execPath, ['-e', script], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') },
    });
    expect(stdout.trim()).toBe('200');
  } finally {
    child.kill('SIGTERM');
  }
});

it('--https keeps its certificate in --cert-dir and reuses it on the next start, so what trusts it keeps working', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-cert-dir-'));
  const certFile = join(dir, 'accesspackage-stub.crt.pem');
  const starts: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const { child, baseUrl, output } = await startCli(['--port', '0', '--https', '--cert-dir', dir]);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      starts.push(output());
      const script = `fetch(${JSON.stringify(`${baseUrl.replace('/beta', '')}/_stub/health`)}).then((r) => console.log(r.status))`;
      const { stdout } = await run(process.execPath, ['-e', script], {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: certFile },
      });
      expect(stdout.trim()).toBe('200');
    } finally {
      child.kill('SIGTERM');
    }
  }
  expect(starts[0]).toContain(`self-signed certificate: ${certFile} (trust it with NODE_EXTRA_CA_CERTS=${certFile})`);
  expect(starts[1]).toContain(`self-signed certificate: ${certFile} (kept from an earlier start)`);
});

it('--version prints the package version, for the server and the token command', async () => {
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  for (const args of [['--version'], ['token', '--version']]) {
    const { code, stdout } = await runCli(args);
    expect([code, stdout]).toEqual([0, `accesspackage-stub ${version}\n`]);
  }
});

it.each([
  [['--prot', '4011'], "Unknown option '--prot'. Did you mean --port?"],
  [['--databse', 'x.db'], "Unknown option '--databse'. Did you mean --database?"],
  [['--frozen', '2030-01-01T00:00:00Z'], "Unknown option '--frozen'. Did you mean --frozen-clock?"],
  [['token', '--scope', 'x'], "Unknown option '--scope'. Did you mean --scopes?"],
])('suggests the flag a typo %j meant', async (args, message) => {
  const { code, stderr } = await runCli(args);
  expect(code).toBe(2);
  expect(stderr).toContain(message);
});

it('token --oid names the signed-in user, as a directory user id for filterByCurrentUser', async () => {
  const oid = '007d1c7e-7fa8-4e33-b678-5e437acdcddc';
  const token = (await runCli(['token', '--oid', oid, '--scopes', 'EntitlementManagement.Read.All'])).stdout.trim();
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  expect(payload).toMatchObject({ oid, scp: 'EntitlementManagement.Read.All' });
});

it('token --roles holds exactly the roles named, and refuses one it does not know, saying which exist', async () => {
  const catalog = 'aa2f6514-3232-46e7-a08a-2411ad8d7128';
  const token = (await runCli(['token', '--roles', `catalogOwner:${catalog},globalReader`])).stdout.trim();
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  expect(payload).toMatchObject({
    wids: ['f2ef992c-3afb-46b9-b7cf-a126ee74c451'],
    em_roles: [
      { roleDefinitionId: 'ae79f266-94d4-4dab-b730-feca7e132178', appScopeId: `/AccessPackageCatalog/${catalog}` },
    ],
  });
  const wrong = await runCli(['token', '--roles', 'catalogKing']);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toContain('--roles: "catalogKing" names no role: use one of catalogOwner, catalogReader');
  const both = await runCli(['token', '--roles', 'catalogReader', '--no-roles']);
  expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('--roles and --no-roles')]);
});
