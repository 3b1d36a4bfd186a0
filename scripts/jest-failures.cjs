// A jest reporter that writes each failed test, with its message, to .test-failures/ at the repository root.
// turbo interleaves the output of parallel test tasks, and CI keeps only the end of a long log, so a failure
// printed mid-run is easily lost; scripts/test.mjs prints these files again after turbo has finished.
const fs = require('node:fs');
const path = require('node:path');
const { stripVTControlCharacters } = require('node:util');

const DIRECTORY = path.join(__dirname, '..', '.test-failures');
const MAX_LINES = 40;

const trimmed = (text) => {
  // Jest's messages carry colour codes and a long stack; the first lines say what failed and where.
  const lines = stripVTControlCharacters(String(text))
    .split('\n')
    .filter((line) => !/^\s+at .*(node_modules|node:internal)/.test(line));
  return lines.length > MAX_LINES
    ? [...lines.slice(0, MAX_LINES), `  ... (${lines.length - MAX_LINES} more lines above in the log)`].join('\n')
    : lines.join('\n');
};

class FailuresReporter {
  constructor(globalConfig) {
    this.project = path.relative(path.join(__dirname, '..'), globalConfig.rootDir) || '.';
  }

  onTestResult(test, result) {
    const failures = [];
    const where = path.relative(path.join(__dirname, '..'), result.testFilePath);
    if (result.testExecError)
      failures.push(
        `${where}: the suite did not run\n${trimmed(result.testExecError.message ?? result.testExecError)}`,
      );
    const project = test.context?.config?.displayName?.name;
    for (const assertion of result.testResults) {
      if (assertion.status !== 'failed') continue;
      failures.push(
        `${where}${project ? ` [${project}]` : ''} › ${assertion.fullName}\n${assertion.failureMessages.map(trimmed).join('\n')}`,
      );
    }
    if (failures.length === 0) return;
    fs.mkdirSync(DIRECTORY, { recursive: true });
    const file = path.join(DIRECTORY, `${this.project.replace(/[\\/]/g, '-')}.log`);
    fs.appendFileSync(file, `${failures.join('\n\n')}\n\n`);
  }
}

module.exports = FailuresReporter;
