#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startServer } from './server.js';

const HELP = `accesspackage-stub: a local stand-in for the Microsoft Graph beta accessPackage API.

Usage: accesspackage-stub [options]

Options (each has an environment-variable twin; the flag wins):
  --port <n>             port to listen on (PORT, default 4010; 0 picks a free one)
  --host <addr>          address to listen on (HOST, default 127.0.0.1)
  --validate-responses   check every response against the contract too (VALIDATE_RESPONSES=1)
  -h, --help             show this help

Every request needs "Authorization: Bearer <token>".
Example:
  curl -H "Authorization: Bearer dev" http://127.0.0.1:4010/beta/identityGovernance/entitlementManagement/accessPackageCatalogs
`;

function fail(message: string): never {
  process.stderr.write(`accesspackage-stub: ${message}\nRun with --help to see the options.\n`);
  process.exit(2);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) fail(`"${value}" is not a port number (0-65535).`);
  return port;
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  function parse() {
    return parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'validate-responses': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  }
  try {
    values = parse().values;
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }

  const port = parsePort(values.port ?? process.env.PORT ?? '4010');
  const host = values.host ?? process.env.HOST ?? '127.0.0.1';
  const validateResponses = values['validate-responses'] ?? ['1', 'true'].includes(process.env.VALIDATE_RESPONSES ?? '');

  let running: Awaited<ReturnType<typeof startServer>>;
  try {
    running = await startServer({
      port,
      host,
      validateResponses,
      onInternalError: (err, requestId) => process.stderr.write(`request ${requestId} failed inside the stub:\n${(err as Error)?.stack ?? String(err)}\n`),
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`${host}:${port} is already in use. Stop the other server or pick another port with --port.`);
    if (code === 'EADDRNOTAVAIL') fail(`${host} is not an address of this machine. Try --host 127.0.0.1.`);
    fail(`could not listen on ${host}:${port}: ${(err as Error).message}`);
  }

  process.stdout.write(`accessPackage stub listening on ${running.baseUrl}\n`);
  process.stdout.write(`  try: curl -H "Authorization: Bearer dev" ${running.baseUrl}/identityGovernance/entitlementManagement/accessPackages\n`);

  const shutdown = (signal: string) => {
    process.stdout.write(`${signal} received, closing the stub.\n`);
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
