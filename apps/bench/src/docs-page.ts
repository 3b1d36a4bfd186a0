// The bench writes its own tables into the performance page, so the numbers a reader sees are a run's, whole, and the
// prose around them stays the people's.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scalingChart } from './chart.js';
import { formatReport } from './report.js';
import type { HttpBenchResult } from './run-http-bench.js';

export const BEGIN = '<!-- bench:begin (written by the bench with --docs; edits between these lines are lost) -->';
export const END = '<!-- bench:end -->';
/** The chart's file name beside the page, which the page links to. */
export const CHART = 'bench-scaling.svg';

/** The run's tables as the page shows them: when and where it ran, then the tables, without the run's temp paths. */
export function docsSection(result: HttpBenchResult): string {
  const { environment, options, startedAt } = result;
  const parts = options.parts.join(', ');
  const lines = [
    `The latest run, ${startedAt.slice(0, 10)}: Node ${environment.node.replace(/^v/, '')}, ${environment.cpus} cores,` +
      ` ${options.rounds} round${options.rounds > 1 ? 's' : ''} of ${options.seconds} s (parts: ${parts}` +
      `${environment.prism ? `; Prism ${environment.prism}` : ''}).`,
    '',
    formatReport(result, { paths: false }).trimEnd(),
  ];
  if (scalingChart(result)) lines.push('', `![req/s of the stub over stored items](${CHART})`);
  return lines.join('\n');
}

/** The page with what lies between its markers replaced by the section; everything else exactly as it was. */
export function replaceSection(page: string, section: string): string {
  const begin = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (begin < 0 || end < begin)
    throw new Error(
      `the page has no place for the tables: it needs a line "${BEGIN}" followed, further down, by a line "${END}".`,
    );
  return `${page.slice(0, begin + BEGIN.length)}\n\n${section}\n\n${page.slice(end)}`;
}

/** Writes the run's section into the page at `path`, and its chart beside the page. */
export function writeDocsPage(path: string, result: HttpBenchResult): void {
  const page = readFileSync(path, 'utf8');
  writeFileSync(path, replaceSection(page, docsSection(result)));
  const svg = scalingChart(result);
  if (svg) writeFileSync(join(dirname(path), CHART), svg);
}
