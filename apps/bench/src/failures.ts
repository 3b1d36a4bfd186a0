import type { BenchResult, LoopStats } from './result.js';

export function describeLoopFailures(stats: LoopStats): string {
  const examples = stats.failures
    .map((f) => `${f.count} x ${f.status === 0 ? 'no answer' : f.status}: ${f.detail}`)
    .join('; ');
  return `${stats.failed} of ${stats.requests + stats.warmupRequests} requests failed (${examples})`;
}

/** One line per loop with failed requests, with the first answers as examples. */
export function describeFailures(result: BenchResult): string[] {
  const lines: string[] = [];
  for (const scenario of result.scenarios) {
    for (const run of scenario.runs) {
      for (const [server, stats] of [
        ['stub', run.stub],
        ['baseline', run.baseline],
      ] as const) {
        if (stats.failed === 0) continue;
        lines.push(
          `${scenario.title}, validateResponses ${run.validateResponses ? 'on' : 'off'}, ${server}: ${describeLoopFailures(stats)}`,
        );
      }
    }
  }
  return lines;
}
