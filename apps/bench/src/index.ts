// The benchmark as a library; main.ts is its command line.
export { scalingChart } from './chart.js';
export { BEGIN, CHART, docsSection, END, replaceSection, writeDocsPage } from './docs-page.js';
export { largerContract, largerResources, operationCount } from './larger-contract.js';
export type { Cell, CellResult } from './load.js';
export {
  formatNeighbours,
  NEIGHBOURS_FULL,
  NEIGHBOURS_SMOKE,
  type NeighboursOptions,
  type NeighboursResult,
  runNeighbours,
} from './neighbours.js';
export { type Command, readCommand } from './options.js';
export { attribute, type ProfileResult, partOf, type WorkloadProfile } from './profile.js';
export { checkTargets, formatReport, type TargetCheck } from './report.js';
export {
  DEFAULT_HTTP_OPTIONS,
  type HttpBenchOptions,
  type HttpBenchResult,
  runHttpBench,
  SMOKE_HTTP_OPTIONS,
} from './run-http-bench.js';
export type { CellSummary, SectionResult, Stat, TargetSummary } from './sections.js';
export { WORKLOADS, type WorkloadName } from './workloads.js';
