import type { BenchResult } from './result.js';

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** Markdown, so that a run can be pasted into an issue or the README as it is. */
export function formatTables(result: BenchResult): string {
  const { options, environment } = result;
  const lines = [
    `${options.requests} requests per scenario and server (after ${options.warmupRequests} warm-up), concurrency ${options.concurrency}, ` +
      `${options.items} access packages; node ${environment.node}, ${environment.cpus} CPUs; ${fixed(result.durationMs / 1000, 1)} s in all.`,
  ];
  for (const scenario of result.scenarios) {
    const bytes = scenario.runs[0]?.responseBytes ?? 0;
    lines.push(
      '',
      `**${scenario.title}**: \`${scenario.method} ${decodeURIComponent(scenario.path)}\` (${bytes} bytes per answer)`,
      '',
      '| validateResponses | baseline req/s | stub req/s | stub/baseline | baseline p50 / p99 ms | stub p50 / p99 ms |',
      '|---|--:|--:|--:|--:|--:|',
    );
    for (const run of scenario.runs) {
      const { baseline, stub } = run;
      lines.push(
        `| ${run.validateResponses ? 'on' : 'off'} | ${fixed(baseline.requestsPerSecond, 0)} | ${fixed(stub.requestsPerSecond, 0)} | ` +
          `${fixed(run.throughputRatio, 3)} | ${fixed(baseline.p50Ms, 2)} / ${fixed(baseline.p99Ms, 2)} | ${fixed(stub.p50Ms, 2)} / ${fixed(stub.p99Ms, 2)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
