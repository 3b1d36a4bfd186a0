#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEV_TOKEN_SECRET, devTokenClaims } from './auth/dev-token.js';
import { signJwt } from './auth/index.js';
import { type ServeConfig, serveConfig } from './cli/config.js';
import { helpText, readOptions, SERVE_OPTIONS, TOKEN_OPTIONS } from './cli/options.js';
import type { TlsMaterial } from './http/tls.js';
import type { RunningServer } from './server.js';

const SERVE_USAGE = `accesspackage-stub: a local stand-in for the Microsoft Graph beta accessPackage API.

Usage:
  accesspackage-stub [options]           start the stub
  accesspackage-stub token [options]     print an access token for the stub (see: token --help)

Every request under /beta needs "Authorization: Bearer <token>". Get one in one step:
  curl -H "Authorization: Bearer $(accesspackage-stub token)" http://127.0.0.1:4010/beta/identityGovernance/entitlementManagement/accessPackages`;

const TOKEN_USAGE = `accesspackage-stub token: print a Graph-shaped access token the stub accepts.

Usage: accesspackage-stub token [options]

The token is signed with HS256, with --jwt-secret or else the stub's development secret. The stub's
default mode (--auth claims) accepts it as it is; for --auth strict, start the stub with the same --jwt-secret.`;

function fail(message: string): never {
  process.stderr.write(`accesspackage-stub: ${message}\nRun with --help to see the options.\n`);
  process.exit(2);
}

function read(args: string[], specs: typeof SERVE_OPTIONS) {
  try {
    return readOptions(args, specs, process.env);
  } catch (err) {
    fail((err as Error).message);
  }
}

function printToken(args: string[]): void {
  const values = read(args, TOKEN_OPTIONS);
  if (values.help) {
    process.stdout.write(helpText(TOKEN_USAGE, TOKEN_OPTIONS));
    return;
  }
  if (values.version) {
    process.stdout.write(`accesspackage-stub ${version()}\n`);
    return;
  }
  const permissions = String(values.scopes)
    .split(/[\s,]+/)
    .filter(Boolean);
  const roles =
    typeof values.roles === 'string'
      ? String(values.roles)
          .split(/[\s,]+/)
          .filter(Boolean)
      : undefined;
  if (roles !== undefined && values['no-roles'] === true) fail('--roles and --no-roles say opposite things: give one.');
  const expiresIn = Number(values['expires-in']);
  if (!Number.isInteger(expiresIn)) fail(`--expires-in must be whole seconds; got "${values['expires-in']}".`);
  let claims: Record<string, unknown> = {};
  try {
    claims = devTokenClaims({
      tenantId: String(values.tenant),
      upn: String(values.upn),
      scopes: permissions,
      expiresInSeconds: expiresIn,
      app: values.app === true,
      ...(values['no-roles'] === true ? { directoryRoles: [] } : {}),
      ...(roles === undefined ? {} : { roles }),
      ...(typeof values.oid === 'string' ? { claims: { oid: values.oid } } : {}),
    });
  } catch (err) {
    fail(`--roles: ${(err as Error).message}`);
  }
  const secret = typeof values['jwt-secret'] === 'string' ? values['jwt-secret'] : DEV_TOKEN_SECRET;
  process.stdout.write(`${signJwt(claims, { hs256Secret: secret })}\n`);
}

async function tlsOf(config: ServeConfig): Promise<{ tls?: TlsMaterial; certFile?: string; reused?: boolean }> {
  if (!config.tls) return {};
  const { devCertificateIn, readTlsFiles } = await import('./http/tls.js');
  if (config.tls.mode === 'files') return { tls: readTlsFiles(config.tls.certPath, config.tls.keyPath) };
  const { certFile, reused, ...tls } = await devCertificateIn(config.tls.certDir);
  return { tls, certFile, reused };
}

/** This package's version, as its package.json (next to dist/) says. */
function version(): string {
  return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
}

function describeDatabase(database: string | undefined): string {
  if (!database || database === ':memory:')
    return 'SQLite in memory (a fresh tenant per start; --database <file> keeps it)';
  if (/^postgres(ql)?:\/\//.test(database)) {
    const url = new URL(database);
    return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
  }
  return `SQLite file ${database}`;
}

async function serve(args: string[]): Promise<void> {
  const values = read(args, SERVE_OPTIONS);
  if (values.help) {
    process.stdout.write(helpText(SERVE_USAGE, SERVE_OPTIONS));
    return;
  }
  if (values.version) {
    process.stdout.write(`accesspackage-stub ${version()}\n`);
    return;
  }
  let config: ServeConfig;
  let tls: Awaited<ReturnType<typeof tlsOf>>;
  try {
    config = serveConfig(values);
    tls = await tlsOf(config);
  } catch (err) {
    fail((err as Error).message);
  }
  const { createLogger } = await import('./http/logging.js');
  const logger = createLogger(config.logLevel);

  // Loaded here so that --help and `token` answer without loading the server's dependencies.
  const { startServer } = await import('./server.js');
  let running: RunningServer;
  try {
    const { createClock } = await import('./graph/clock.js');
    const clock = config.frozenClockAt ? { clock: createClock({ frozenAt: config.frozenClockAt }) } : {};
    running = await startServer({ ...config, ...clock, tls: tls.tls, logger });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      fail(`${config.host}:${config.port} is already in use. Stop the other server or pick another port with --port.`);
    if (code === 'EADDRNOTAVAIL') fail(`${config.host} is not an address of this machine. Try --host 127.0.0.1.`);
    fail(`could not start: ${(err as Error).message ?? String(err)}`);
  }

  const lines = [`accessPackage stub listening on ${running.baseUrl}`];
  if (config.publicUrl) lines.push(`  public URL: ${config.publicUrl}/beta (links name it)`);
  if (running.adminToken && !config.adminToken)
    lines.push(
      `  admin token (listening beyond loopback; choose one with --admin-token): ${running.adminToken}`,
      `  reset: curl -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer ${running.adminToken}" ${running.origin}/_stub/reset`,
    );
  else if (running.adminToken) lines.push('  admin routes: need the --admin-token as Authorization: Bearer <token>');
  if (tls.certFile)
    lines.push(
      `  self-signed certificate: ${tls.certFile}${tls.reused ? ' (kept from an earlier start)' : ''} (trust it with NODE_EXTRA_CA_CERTS=${tls.certFile})`,
    );
  lines.push(`  auth: ${config.auth.mode}${config.auth.allowAppTokens ? ', application tokens accepted' : ''}`);
  lines.push(`  database: ${describeDatabase(config.database)}`);
  if (config.frozenClockAt)
    lines.push(`  clock: frozen at ${config.frozenClockAt.toISOString()} (move it with POST /_stub/clock)`);
  lines.push(`  docs: ${running.origin}/docs   contract: ${running.origin}/openapi.yaml`);
  lines.push(
    `  try:  curl${tls.certFile ? ` --cacert ${tls.certFile}` : ''} -H "Authorization: Bearer $(node ${process.argv[1]} token)" ${running.baseUrl}/identityGovernance/entitlementManagement/accessPackages`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);

  // The first signal stops accepting and lets requests being answered finish (10 s at most); a second one ends at once.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      process.stdout.write(`${signal} received again, stopping now.\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`${signal} received, closing the stub: no new connections, finishing requests in flight.\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

const [command, ...rest] = process.argv.slice(2);
if (command === 'token') printToken(rest);
else void serve(process.argv.slice(2));
