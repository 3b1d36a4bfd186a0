#!/usr/bin/env node
// `accesspackage-contract-tests`: the contract tests against any server (a tenant's Graph, a stub elsewhere), without
// this repository or jest. Read-only unless told: a team can point it at its own tenant and nothing is written there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { deriveCases } from './cases.js';
import { Coverage, formatCoverageTable } from './coverage.js';
import { NeedsStub, WriteRefused } from './refusals.js';
import { deriveResources } from './resources.js';
import { ContractRun } from './run.js';
import { createSchemaValidator } from './schema-validator.js';
import { DEFAULT_RUNS, DEFAULT_SEED, NAME_PREFIX, runPrefix } from './settings.js';
import { loadContract } from './spec.js';
import { startTarget } from './target.js';

const usage = (
  scopes: string[],
) => `accesspackage-contract-tests: checks a server against the Microsoft Graph beta accessPackage contract.

Usage: accesspackage-contract-tests --base-url <url> --token <token> [options]

Every case is derived from the contract (@accesspackage/openapi): each documented status of each operation, its
query options, its schemas and headers. By default only GET requests are sent, so a tenant is never changed; with
--write the suite also creates, changes and deletes objects of its own (named '${NAME_PREFIX}-<run> ...') and
deletes them at the end.

Options (environment variable in brackets):
  --base-url <url>   the API's root, e.g. https://graph.microsoft.com/beta or http://127.0.0.1:4010/beta  [CONTRACT_BASE_URL]
  --token <token>    the bearer token to call it with, holding the permissions the contract names (for a stub:
                     accesspackage-stub token --scopes ${scopes.join(',')})  [CONTRACT_TOKEN]
  --write            also run the cases that write (create, update, delete)
  --grep <text>      only the cases whose line ('<operation> › <title>', as --list shows it) contains this,
                     ignoring case
  --seed <n>         seed of the generated bodies and query options (default ${DEFAULT_SEED})  [CONTRACT_SEED]
  --runs <n>         generated bodies per operation (default ${DEFAULT_RUNS})  [CONTRACT_RUNS]
  --list             list the cases, run nothing
      --version      print the version
  -h, --help         show this help

Exit status: 0 when every case that ran passed, 1 when one failed, 2 for a usage error.`;

function fail(message: string): never {
  process.stderr.write(`accesspackage-contract-tests: ${message}\nRun with --help to see the options.\n`);
  process.exit(2);
}

function integer(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) fail(`${name} must be a whole number of at least ${min}; got "${value}".`);
  return n;
}

function options() {
  try {
    return parseArgs({
      options: {
        'base-url': { type: 'string' },
        token: { type: 'string' },
        write: { type: 'boolean', default: false },
        grep: { type: 'string' },
        seed: { type: 'string' },
        runs: { type: 'string' },
        list: { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
}

/** A case's promise, or a failure once its time is up: a server that never answers must not hang the run. */
function withinTime<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s.`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The error of a kind behind an error: a generated case's failure wraps it (fast-check keeps it as the cause). */
function causeOf<E extends Error>(err: unknown, kind: new (...args: never[]) => E): E | undefined {
  for (let at = err, depth = 0; at instanceof Error && depth < 5; at = at.cause, depth += 1) {
    if (at instanceof kind) return at;
  }
  return undefined;
}

async function main(): Promise<number> {
  const values = options();
  const contract = loadContract(require.resolve('@accesspackage/openapi/accesspackage.yaml'));
  if (values.help) {
    process.stdout.write(`${usage(contract.scopes)}\n`);
    return 0;
  }
  if (values.version) {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    process.stdout.write(`accesspackage-contract-tests ${version}\n`);
    return 0;
  }
  const baseUrl = (values['base-url'] ?? process.env.CONTRACT_BASE_URL)?.trim();
  const token = (values.token ?? process.env.CONTRACT_TOKEN)?.trim();
  if (!baseUrl) fail('--base-url is required: the root of the API to check, e.g. http://127.0.0.1:4010/beta.');
  try {
    new URL(baseUrl);
  } catch {
    fail(`--base-url must be an absolute URL, like http://127.0.0.1:4010/beta; got "${baseUrl}".`);
  }
  if (!token && !values.list)
    fail('--token is required (or CONTRACT_TOKEN): the bearer token to call the server with.');
  const seed = integer(values.seed ?? process.env.CONTRACT_SEED, '--seed', DEFAULT_SEED, -(2 ** 31));
  const runs = integer(values.runs ?? process.env.CONTRACT_RUNS, '--runs', DEFAULT_RUNS, 1);
  const grep = values.grep?.toLowerCase();

  const resources = deriveResources(contract);
  const cases = deriveCases(contract, resources, { isStub: false, runs, seed }).filter(
    (c) => grep === undefined || `${c.group} › ${c.title}`.toLowerCase().includes(grep),
  );
  if (values.list) {
    for (const c of cases) process.stdout.write(`${c.group} › ${c.title}${c.skip ? ` [skipped: ${c.skip}]` : ''}\n`);
    return 0;
  }

  const coverage = new Coverage(contract.operations);
  const target = await startTarget({ baseUrl, token: token as string }, contract.scopes);
  const prefix = runPrefix();
  const run = new ContractRun(contract, createSchemaValidator(contract), resources, coverage, target, {
    seed,
    runs,
    prefix,
    readOnly: !values.write,
  });
  const counts = { passed: 0, failed: 0, skipped: 0, writes: 0 };
  const failures: string[] = [];
  process.stdout.write(
    `Checking ${target.description} against the contract: ${cases.length} cases${values.write ? '' : ', read-only (GET requests only; --write runs the rest)'}.\n\n`,
  );
  try {
    for (const c of cases) {
      const name = `${c.group} › ${c.title}`;
      if (c.skip) {
        counts.skipped += 1;
        process.stdout.write(`  - ${name} [skipped: ${c.skip}]\n`);
        continue;
      }
      const started = Date.now();
      try {
        await withinTime(c.run(run), 30_000 + c.requests * 200, name);
        counts.passed += 1;
        process.stdout.write(`  ✓ ${name} (${Date.now() - started} ms)\n`);
      } catch (err) {
        const refused = causeOf(err, WriteRefused);
        if (refused) {
          counts.writes += 1;
          process.stdout.write(`  - ${name} [skipped: it writes (${refused.request}); --write runs it]\n`);
          continue;
        }
        const stubOnly = causeOf(err, NeedsStub);
        if (stubOnly) {
          counts.skipped += 1;
          process.stdout.write(`  - ${name} [skipped: ${stubOnly.message}]\n`);
          continue;
        }
        counts.failed += 1;
        failures.push(`✗ ${name}\n\n${(err as Error).message ?? String(err)}`);
        process.stdout.write(`  ✗ ${name} (${Date.now() - started} ms)\n`);
      }
    }
  } finally {
    const leftovers = await run.cleanUp();
    await run.close();
    if (leftovers.length > 0) {
      process.stdout.write(
        `\nThe suite could not delete ${leftovers.length} object(s) it created (names start '${prefix.trim()}'):\n${leftovers.join('\n')}\n`,
      );
    }
  }
  for (const failure of failures) process.stdout.write(`\n${failure}\n`);
  process.stdout.write(
    `\n${formatCoverageTable(coverage.report({ target: target.description, enforced: false, seed, runs }))}\n`,
  );
  process.stdout.write(
    `\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped + counts.writes} skipped (${counts.writes} because they write). Seed ${seed}.\n`,
  );
  return counts.failed > 0 ? 1 : 0;
}

// A reader that stops early (`| head`) ends the run quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`accesspackage-contract-tests: ${(err as Error).message ?? String(err)}\n`);
    process.exitCode = 2;
  },
);
