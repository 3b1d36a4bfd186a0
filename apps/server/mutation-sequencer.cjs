const Sequencer = require('@jest/test-sequencer').default;

// Mutation testing stops a mutant's run at the first failing test: the suites most likely to kill a mutant, and
// quickest to, run first (the model-based test, then the regressions), instead of jest's slowest-first order.
const FIRST = ['lifecycle-model.test.ts', 'lifecycle-regressions.test.ts', 'clock.test.ts', 'sql-store.test.ts'];
const rank = (path) => {
  const found = FIRST.findIndex((name) => path.endsWith(name));
  return found === -1 ? FIRST.length : found;
};

module.exports = class MutationSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path));
  }
};
