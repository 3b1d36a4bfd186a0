// What mutation testing mutates, area by area, and the suites that must notice each mutant. An area's suites are the
// ones aimed at its code, so that a surviving mutant (which runs every covering test) costs seconds, not minutes.
exports.AREAS = {
  lifecycle: {
    mutate: [
      'src/resources/lifecycle/*.ts',
      'src/resources/assignment-requests.ts',
      'src/resources/approvals.ts',
      'src/resources/assignments.ts',
      'src/resources/role-scopes.ts',
    ],
    tests: [
      'src/api-tests/lifecycle-model.test.ts',
      'src/api-tests/lifecycle-regressions.test.ts',
      'src/api-tests/assignments.test.ts',
      'src/api-tests/role-scopes.test.ts',
      'src/graph/clock.test.ts',
    ],
  },
  store: {
    mutate: ['src/store/sql/sql-store.ts'],
    tests: [
      'src/store/sql/sql-store.test.ts',
      'src/api-tests/concurrency.test.ts',
      'src/api-tests/durability.test.ts',
      'src/api-tests/tenants.test.ts',
      'src/api-tests/hostile/limits.test.ts',
      'src/api-tests/lifecycle-regressions.test.ts',
    ],
  },
  permissions: {
    mutate: ['src/auth/permissions.ts', 'src/auth/roles.ts', 'src/resources/access.ts'],
    tests: [
      'src/auth/permissions.test.ts',
      'src/auth/roles.test.ts',
      'src/api-tests/permissions.test.ts',
      'src/api-tests/roles.test.ts',
    ],
  },
};
