const { execFileSync } = require('node:child_process');
const { availableParallelism } = require('node:os');
const { existsSync, readdirSync } = require('node:fs');
const { reporters, ...preset } = require('../../jest.preset.js');

// The store and the HTTP API are tested on both engines: every suite on SQLite, and the store's and
// the API's suites again on a throwaway PostgreSQL cluster (src/testing/postgres-setup.ts). Outside CI
// a machine without PostgreSQL skips the second run with a note; in CI (CI=true) it must run.
function hasPostgres() {
  try {
    return existsSync(`${execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: 'pipe' }).trim()}/initdb`);
  } catch {
    const root = '/usr/lib/postgresql';
    return existsSync(root) && readdirSync(root).some((v) => existsSync(`${root}/${v}/bin/initdb`));
  }
}

const postgres = hasPostgres() || process.env.CI;
if (!postgres) {
  console.warn(
    'Skipping the PostgreSQL runs of the store and API suites: PostgreSQL is not installed (apt-get install -y postgresql).',
  );
}

module.exports = {
  testTimeout: preset.testTimeout,
  // Jest's default, one worker less than the cores, is a single worker on two. These suites spend much of their time
  // waiting on PostgreSQL, Chromium and the processes they start, so two workers keep both cores busy.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  testSequencer: '<rootDir>/slowest-first-sequencer.cjs',
  // Reporters belong to the root configuration; each project takes the rest of the preset.
  reporters,
  projects: [
    { ...preset, displayName: 'sqlite', setupFiles: ['<rootDir>/src/testing/engine-sqlite.js'] },
    ...(postgres
      ? [
          {
            ...preset,
            displayName: 'postgres',
            // The API's suites and the store's; of the hostile suites only the quota's and the shared sandbox's touch the
            // store, the rest test the HTTP layer, which is the same on both engines.
            testMatch: [
              '<rootDir>/src/api-tests/*.test.ts',
              '<rootDir>/src/api-tests/hostile/limits.test.ts',
              '<rootDir>/src/api-tests/hostile/sandbox.test.ts',
              '<rootDir>/src/store/**/*.test.ts',
            ],
            setupFiles: ['<rootDir>/src/testing/engine-postgres.js'],
            globalSetup: '<rootDir>/src/testing/postgres-setup.ts',
            globalTeardown: '<rootDir>/src/testing/postgres-teardown.ts',
          },
        ]
      : []),
  ],
};
