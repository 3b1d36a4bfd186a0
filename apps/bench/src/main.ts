import { writeFileSync } from 'node:fs';
import { BenchError } from './bench-error.js';
import { describeFailures } from './failures.js';
import { readCommand } from './options.js';
import type { BenchResult } from './result.js';
import { runBenchmark } from './run-benchmark.js';
import { formatTables } from './tables.js';

// The CLI: `node dist/main.js --help` lists the options.

async function main(args: string[]): Promise<number> {
  const fail = (message: string) => {
    process.stderr.write(`stub-bench: ${message}\n`);
    return 1;
  };
  const command = readCommand(args, process.env);
  if (command.kind === 'error') return fail(command.message);
  if (command.kind === 'help') {
    process.stdout.write(command.text);
    return 0;
  }
  const { requests, concurrency, items, out } = command;
  let result: BenchResult;
  try {
    result = await runBenchmark({ requests, concurrency, items, log: (line) => process.stderr.write(`${line}\n`) });
  } catch (err) {
    return fail(err instanceof BenchError ? err.message : `the run failed: ${(err as Error).stack ?? String(err)}`);
  }
  process.stdout.write(`\n${formatTables(result)}`);
  try {
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  } catch (err) {
    return fail(`could not write ${out}: ${(err as Error).message}`);
  }
  process.stdout.write(`\nRaw numbers: ${out}\n`);
  const failures = describeFailures(result);
  if (failures.length > 0) return fail(`${result.failedRequests} requests failed:\n  ${failures.join('\n  ')}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Not process.exit(): the servers are closed, so the process ends once stdout is flushed.
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`stub-bench: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
