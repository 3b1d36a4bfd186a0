// Prints the contract suite's coverage table (operation x documented status) once jest is done.
// The test file formats it and leaves it in CONTRACT_COVERAGE_FILE (see jest.config.js).
const { existsSync, readFileSync, rmSync } = require('node:fs');

class ContractCoverageReporter {
  onRunComplete() {
    const file = process.env.CONTRACT_COVERAGE_FILE;
    if (!file || !existsSync(file)) return;
    const { table, leftovers } = JSON.parse(readFileSync(file, 'utf8'));
    rmSync(file, { force: true });
    process.stdout.write(`\nContract coverage (operation x documented status)\n\n${table}\n`);
    if (leftovers.length > 0)
      process.stdout.write(`\nNot cleaned up:\n${leftovers.map((l) => `  - ${l}`).join('\n')}\n`);
  }
}

module.exports = ContractCoverageReporter;
