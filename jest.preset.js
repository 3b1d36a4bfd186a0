// Shared jest settings. Type-checking is the typecheck task's job, so ts-jest only transpiles
// (isolatedModules), which keeps a suite at about 2 s. The mapper lets TS sources import with `.js`.
module.exports = {
  testEnvironment: 'node',
  // Tests start real servers and processes; on two busy cores that can take seconds, never minutes.
  testTimeout: 30_000,
  // Failures are also written to .test-failures/, which `pnpm test` prints again once every task has ended.
  reporters: ['default', require.resolve('./scripts/jest-failures.cjs')],
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node', isolatedModules: true } }],
  },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};
