#!/usr/bin/env node
// The benchmark's command line: `node dist/main.js --help` lists the options.
import { writeFileSync } from 'node:fs';
import { scalingChart } from './chart.js';
import { writeDocsPage } from './docs-page.js';
import { readCommand } from './options.js';
import { formatReport } from './report.js';
import { runHttpBench } from './run-http-bench.js';

async function main(args: string[]): Promise<number> {
  const fail = (message: string) => {
    process.stderr.write(`stub-bench: ${message}\n`);
    return 1;
  };
  const command = readCommand(args);
  if (command.kind === 'error') return fail(command.message);
  if (command.kind === 'help') {
    process.stdout.write(command.text);
    return 0;
  }
  const result = await runHttpBench({ ...command.options, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`\n${formatReport(result)}`);
  writeFileSync(command.out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nRaw numbers: ${command.out}\n`);
  const svg = scalingChart(result);
  if (svg) {
    writeFileSync(command.svg, svg);
    process.stdout.write(`Chart of the scaling runs: ${command.svg}\n`);
  }
  if (command.docs !== undefined) {
    if (result.failures.length > 0) process.stdout.write(`${command.docs} left as it was: this run had failures.\n`);
    else {
      writeDocsPage(command.docs, result);
      process.stdout.write(`Tables written into ${command.docs}\n`);
    }
  }
  if (result.failures.length > 0)
    return fail(`some answers were not the expected ones:\n  ${result.failures.join('\n  ')}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Not process.exit(): every child is stopped, so the process ends once stdout is flushed.
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`stub-bench: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
