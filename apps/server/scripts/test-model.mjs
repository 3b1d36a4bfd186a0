#!/usr/bin/env node
// The long run of the lifecycle's model-based test (src/api-tests/lifecycle-model.test.ts): many more sequences than
// `test` runs, on SQLite and on PostgreSQL (two stubs sharing a database included), each engine's coverage printed.
//
//   node scripts/test-model.mjs [--runs 2000] [--seed n] [--path p] [--engine sqlite|postgres|both]
//
// A failure prints the shrunk sequence and the seed and path that replay it (--seed, --path).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  // `pnpm run test:model -- --runs 40` hands the script its `--` too.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    runs: { type: 'string', default: '2000' },
    seed: { type: 'string' },
    path: { type: 'string' },
    engine: { type: 'string', default: 'both' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('usage: node scripts/test-model.mjs [--runs 2000] [--seed n] [--path p] [--engine sqlite|postgres|both]');
  process.exit(0);
}
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a whole number of sequences, like 2000; got "${values.runs}".`);
  process.exit(2);
}
const projects = { sqlite: ['sqlite'], postgres: ['postgres'], both: ['sqlite', 'postgres'] }[values.engine];
if (!projects) {
  console.error(`--engine must be sqlite, postgres or both; got "${values.engine}".`);
  process.exit(2);
}

const env = {
  ...process.env,
  MODEL_RUNS: String(runs),
  MODEL_REPORT: '1',
  // A sequence takes a few hundred milliseconds; a long run many minutes.
  MODEL_TIMEOUT_MS: String(Math.max(600_000, runs * 5_000)),
  ...(values.seed === undefined ? {} : { MODEL_SEED: values.seed }),
  ...(values.path === undefined ? {} : { MODEL_PATH: values.path }),
};
console.log(`The lifecycle's model-based test: ${runs} sequences per engine (${projects.join(', ')}).`);
const started = Date.now();
const jest = spawnSync(
  'npx',
  ['jest', '--selectProjects', ...projects, '--testPathPatterns', 'lifecycle-model', '--verbose'],
  { cwd: fileURLToPath(new URL('..', import.meta.url)), env, stdio: 'inherit' },
);
console.log(`Done in ${Math.round((Date.now() - started) / 1000)} s.`);
process.exit(jest.status ?? 1);
