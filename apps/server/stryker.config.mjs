// Mutation testing of the lifecycle, the SQL store and the permission checks, one area at a time (MUTATION_AREA; see
// mutation-areas.cjs): `npx -y pnpm@12.4.2 run test:mutation` runs them all (not in CI). Results are kept per area in
// reports/, so a later run tests only mutants in changed code, or covered by changed tests. Scores: docs/testing.md.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const { AREAS } = createRequire(import.meta.url)('./mutation-areas.cjs');
const name = process.env.MUTATION_AREA ?? 'lifecycle-flow';
const area = AREAS[name];
if (!area) throw new Error(`MUTATION_AREA must be one of ${Object.keys(AREAS).join(', ')}; got "${name}".`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'pnpm',
  // pnpm keeps each package's dependencies apart, so Stryker does not find its runner by scanning: name it by path
  // (the package's ES module entry, which holds the plugin).
  plugins: [fileURLToPath(import.meta.resolve('@stryker-mutator/jest-runner'))],
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  // Each mutant runs only the tests that reach it, and stops at the first that fails.
  coverageAnalysis: 'perTest',
  mutate: area.mutate,
  // Mutants in module-level code would need every test to run; there is little of it in these modules. A run with
  // MUTATION_STATIC=1 tests them too (constants such as keys.ts's), which otherwise count as survivors never run.
  ignoreStatic: process.env.MUTATION_STATIC !== '1',
  incremental: true,
  incrementalFile: `reports/stryker-incremental-${name}.json`,
  concurrency: 2,
  timeoutMS: 20_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
};
