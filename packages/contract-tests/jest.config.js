const { tmpdir } = require('node:os');
const { join } = require('node:path');

// The contract test writes its coverage report here; the reporter prints the table after the run.
// Workers start after this file is read, so they inherit the variable.
process.env.CONTRACT_COVERAGE_FILE ??= join(tmpdir(), `accesspackage-contract-coverage-${process.pid}.json`);

const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  reporters: [...preset.reporters, '<rootDir>/src/coverage-reporter.js'],
};
