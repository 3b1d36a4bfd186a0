// What mutation testing mutates, area by area, and the suites that must notice each mutant. An area's suites are the
// ones aimed at its code, so that a surviving mutant (which runs every covering test) costs seconds, not minutes.
const LIFECYCLE_TESTS = [
  'src/api-tests/lifecycle-model.test.ts',
  'src/api-tests/lifecycle-regressions.test.ts',
  'src/api-tests/assignments.test.ts',
  'src/api-tests/role-scopes.test.ts',
  'src/api-tests/custom-extensions.test.ts',
  'src/graph/clock.test.ts',
];

exports.AREAS = {
  // The lifecycle itself (schedules, grants, approval flow, request processing, settling), and apart from it the
  // resources that serve it, so that each area's run fits in well under an hour on two cores.
  lifecycle: {
    mutate: ['src/resources/lifecycle/*.ts'],
    tests: LIFECYCLE_TESTS,
  },
  requests: {
    mutate: [
      'src/resources/assignment-requests.ts',
      'src/resources/approvals.ts',
      'src/resources/assignments.ts',
      'src/resources/role-scopes.ts',
    ],
    tests: LIFECYCLE_TESTS,
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
