const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

// Stryker runs this from a sandbox copy of the package (.stryker-tmp/sandbox-*): the preset is found upward.
function upward(name, from = __dirname) {
  const here = join(from, name);
  if (existsSync(here)) return here;
  if (dirname(from) === from) throw new Error(`${name} was not found above ${__dirname}.`);
  return upward(name, dirname(from));
}
const { reporters: _reporters, ...preset } = require(upward('jest.preset.js'));
const { AREAS } = require('./mutation-areas.cjs');

// The suites mutation testing runs against each mutant of one area (MUTATION_AREA, see mutation-areas.cjs): those
// that exercise its code, on SQLite only (the engines share the code under test; PostgreSQL would double each
// mutant's time). The model-based test runs a fixed seed, so a mutant is killed or not the same way every time.
const area = AREAS[process.env.MUTATION_AREA ?? 'lifecycle-flow'];
if (!area) throw new Error(`MUTATION_AREA must be one of ${Object.keys(AREAS).join(', ')}.`);
process.env.MODEL_SEED ??= '20261207';
// The hand-written scenarios (lifecycle-model/scenarios.ts) and one random sequence per delivery delay: each mutant
// of the lifecycle runs them (sixteen random sequences made a run of it take three hours).
process.env.MODEL_RUNS ??= '2';
// A mutant is killed by the first difference: shrinking it to a short sequence would only take time.
process.env.MODEL_SHRINK ??= '0';

module.exports = {
  ...preset,
  setupFiles: ['<rootDir>/src/testing/engine-sqlite.js'],
  testSequencer: '<rootDir>/mutation-sequencer.cjs',
  testMatch: area.tests.map((path) => `<rootDir>/${path}`),
};
