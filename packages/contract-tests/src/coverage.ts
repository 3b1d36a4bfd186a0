import { documentedResponse, documentedStatuses, type Operation } from './spec.js';

export interface CoverageRow {
  operationId: string;
  /** Documented status -> how many answers had it. */
  documented: Record<string, number>;
  /** Statuses seen that the operation does not document. */
  undocumented: Record<string, number>;
  /**
   * Status -> how many of the answers above came from the stub's simulation layer, which answers
   * before any routing: they show the status reaches a client intact, not that the operation produces it.
   */
  simulated: Record<string, number>;
}

/** Where an answer came from: the operation's own handling, or a layer that answered before routing. */
export interface AnswerSource {
  /** Answered by the stub's simulation middleware (forced 429/5xx), before the request reached the operation. */
  simulated?: boolean;
}

export interface CoverageReport {
  target: string;
  /** Whether gaps fail the run (against the in-process stub) or are only reported. */
  enforced: boolean;
  seed: number;
  runs: number;
  rows: CoverageRow[];
}

/** Which operation × documented status the suite has seen answered. */
export class Coverage {
  private readonly rows = new Map<string, CoverageRow>();

  constructor(operations: Operation[]) {
    for (const operation of operations) {
      const documented: Record<string, number> = {};
      for (const status of documentedStatuses(operation)) documented[status] = 0;
      this.rows.set(operation.id, { operationId: operation.id, documented, undocumented: {}, simulated: {} });
    }
  }

  record(operation: Operation, status: number, source: AnswerSource = {}): void {
    const row = this.rows.get(operation.id);
    if (!row) return;
    const bucket = documentedResponse(operation, status) ? row.documented : row.undocumented;
    bucket[status] = (bucket[status] ?? 0) + 1;
    if (source.simulated) row.simulated[status] = (row.simulated[status] ?? 0) + 1;
  }

  report(meta: Omit<CoverageReport, 'rows'>): CoverageReport {
    return { ...meta, rows: [...this.rows.values()] };
  }
}

/** Whether every answer with `status` came from the simulation layer (so the operation itself never produced it). */
export function onlySimulated(row: CoverageRow, status: string): boolean {
  const answered = (row.documented[status] ?? 0) + (row.undocumented[status] ?? 0);
  return answered > 0 && (row.simulated[status] ?? 0) >= answered;
}

/**
 * Every gap: a documented status never seen, an operation never exercised, an undocumented status seen.
 * A documented status answered only by the simulation layer counts as covered: the suite cannot make a
 * handler fail with 429/5xx on demand, and the case still proves the documented body and headers reach a client.
 */
export function coverageGaps(report: CoverageReport): string[] {
  const gaps: string[] = [];
  for (const row of report.rows) {
    const missing = Object.entries(row.documented)
      .filter(([, count]) => count === 0)
      .map(([status]) => status);
    const exercised = Object.values(row.documented).some((count) => count > 0);
    if (!exercised) gaps.push(`${row.operationId} was never exercised`);
    else if (missing.length > 0) gaps.push(`${row.operationId}: documented ${missing.join(', ')} never answered`);
    for (const [status, count] of Object.entries(row.undocumented)) {
      gaps.push(`${row.operationId}: answered the undocumented status ${status} (${count} time(s))`);
    }
  }
  return gaps;
}

/**
 * The coverage table: one row per operation, one column per status any operation documents;
 * `✓` exercised, `s` answered only by the stub's simulation layer (before routing, so not by the
 * operation; covered for enforcement), `✗` documented but never answered, `!` answered though
 * undocumented, blank when the operation does not document the status.
 */
export function formatCoverageTable(report: CoverageReport): string {
  const statuses = [
    ...new Set(report.rows.flatMap((r) => [...Object.keys(r.documented), ...Object.keys(r.undocumented)])),
  ].sort();
  const idWidth = Math.max('operation'.length, ...report.rows.map((r) => r.operationId.length));
  const header = `${'operation'.padEnd(idWidth)} | ${statuses.map((s) => s.padStart(3)).join(' ')}`;
  const lines = [header, `${'-'.repeat(idWidth)}-+-${statuses.map(() => '---').join('-')}`];
  for (const row of report.rows) {
    const cells = statuses.map((s) => {
      if (s in row.undocumented) return '  !';
      if (!(s in row.documented)) return '   ';
      if ((row.documented[s] ?? 0) === 0) return '  ✗';
      return onlySimulated(row, s) ? '  s' : '  ✓';
    });
    lines.push(`${row.operationId.padEnd(idWidth)} | ${cells.join(' ')}`);
  }
  const gaps = coverageGaps(report);
  const mode = report.enforced ? 'enforced' : 'reported only (not the in-process stub)';
  lines.push(
    '',
    `✓ exercised  s answered by the simulation layer, not by the operation  ✗ documented, never answered  ! undocumented status answered   [${mode}]`,
  );
  lines.push(`target: ${report.target}; CONTRACT_SEED=${report.seed} CONTRACT_RUNS=${report.runs}`);
  if (gaps.length > 0) lines.push('', 'Gaps:', ...gaps.map((g) => `  - ${g}`));
  return lines.join('\n');
}
