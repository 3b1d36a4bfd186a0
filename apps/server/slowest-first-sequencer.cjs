const Sequencer = require('@jest/test-sequencer').default;

// The suites that take longest, slowest first, by project. Jest orders a run by the durations it cached from the last
// one, and by file size when it has none (a clean clone, CI): then these small files that run for a minute would start
// last and leave one worker busy long after the other had finished.
const SLOWEST = [
  'postgres src/api-tests/lifecycle-model.test.ts',
  'sqlite src/stub/docs.test.ts',
  'postgres src/api-tests/assignments.test.ts',
  'sqlite src/api-tests/lifecycle-model.test.ts',
  'postgres src/api-tests/lifecycle-regressions.test.ts',
  'sqlite src/api-tests/assignments.test.ts',
  'postgres src/store/sql/sql-store.test.ts',
  'sqlite src/store/sql/sql-store.test.ts',
  'sqlite src/api-tests/lifecycle-regressions.test.ts',
  'sqlite src/cli/cli.test.ts',
];

const rank = (test) => {
  const relative = test.path.slice(test.context.config.rootDir.length + 1);
  const index = SLOWEST.indexOf(`${test.context.config.displayName?.name} ${relative}`);
  return index === -1 ? SLOWEST.length : index;
};

module.exports = class SlowestFirst extends Sequencer {
  sort(tests) {
    // Array.prototype.sort is stable: the rest keep the default order.
    return super.sort(tests).sort((a, b) => rank(a) - rank(b));
  }
};
