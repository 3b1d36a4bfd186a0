// The benchmark as a library; main.ts is its command line.
export { BenchError } from './bench-error.js';
export { describeFailures } from './failures.js';
export type { BenchResult, Failure, LoopStats, ScenarioResult, ScenarioRun } from './result.js';
export { type BenchOptions, DEFAULT_OPTIONS, runBenchmark } from './run-benchmark.js';
export type { ScenarioName } from './scenarios.js';
export { formatTables } from './tables.js';
