// What mutation testing mutates, area by area, and the suites that must notice each mutant. An area's suites are the
// ones aimed at its code, so that a surviving mutant (which runs every covering test) costs seconds, not minutes.
const LIFECYCLE_TESTS = [
  'src/api-tests/lifecycle-model.test.ts',
  'src/api-tests/lifecycle-regressions.test.ts',
  'src/api-tests/assignments.test.ts',
  'src/api-tests/role-scopes.test.ts',
  'src/api-tests/custom-extensions.test.ts',
  // Subjects of people the directory does not hold, and the organizations of their domains.
  'src/api-tests/connected-organizations.test.ts',
  // Who may request a package: filterByCurrentUser(on='allowedRequestor') matches every kind of user set.
  'src/api-tests/relations.test.ts',
  'src/graph/clock.test.ts',
];

exports.AREAS = {
  // The lifecycle itself in two halves (every one of its mutants runs the model-based test, which takes seconds): the
  // state machine (settling what falls due, processing a request, the approval flow), and what it grants and when
  // (grants, schedules, who may request, subjects, extension calls). Apart from them the resources that serve it, so
  // that each area's run fits in about an hour on two cores.
  'lifecycle-flow': {
    mutate: [
      'src/resources/lifecycle/settling.ts',
      'src/resources/lifecycle/processing.ts',
      'src/resources/lifecycle/approval-flow.ts',
      'src/resources/lifecycle/request-state.ts',
    ],
    tests: LIFECYCLE_TESTS,
  },
  'lifecycle-grants': {
    mutate: [
      'src/resources/lifecycle/grants.ts',
      'src/resources/lifecycle/schedules.ts',
      'src/resources/lifecycle/requestors.ts',
      'src/resources/lifecycle/subjects.ts',
      'src/resources/lifecycle/keys.ts',
      'src/resources/lifecycle/extension-calls.ts',
    ],
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
