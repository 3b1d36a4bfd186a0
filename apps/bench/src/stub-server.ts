#!/usr/bin/env node
// The stub on a contract `--copies` times its size (larger-contract.ts), started with the CLI's defaults: 127.0.0.1,
// SQLite in memory, pino at info writing JSON lines to stdout. `--copies 1` is today's contract through the same
// script, so that the two differ only by the contract.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadContract } from '@accesspackage/openapi';
import { createLogger, defaultResources, SPEC_PATH, startServer } from '@accesspackage/server';
import { largerContract, largerResources, operationCount } from './larger-contract.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { copies: { type: 'string', default: '1' } } });
  const copies = Number(values.copies);
  if (!Number.isInteger(copies) || copies < 1) throw new Error(`--copies must be a whole number above 0.`);
  const contract = largerContract(loadContract(SPEC_PATH), copies);
  // JSON is YAML: the stub's loader reads it as it is.
  const specPath = join(tmpdir(), `accesspackage-x${copies}-${process.pid}.yaml`);
  writeFileSync(specPath, JSON.stringify(contract));
  // The copy is this process's alone: it goes with it, however it ends.
  process.on('exit', () => rmSync(specPath, { force: true }));
  const running = await startServer({
    port: 0,
    specPath,
    resources: largerResources(defaultResources, copies),
    logger: createLogger('info', false),
  });
  process.stdout.write(`stub with ${operationCount(contract)} operations listening on ${running.baseUrl}\n`);
  process.on('SIGTERM', () => void running.close().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
