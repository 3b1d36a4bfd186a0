import { Coverage, coverageGaps, formatCoverageTable } from './coverage.js';
import { realContract } from './testing.js';

const contract = realContract();
const health = contract.operations.find((op) => op.id === 'stubHealth');
const reset = contract.operations.find((op) => op.id === 'stubReset');

it('marks exercised, never answered and undocumented statuses, and lists each gap', () => {
  if (!health || !reset) throw new Error('the admin operations moved');
  const coverage = new Coverage([health, reset]);
  coverage.record(health, 200);
  coverage.record(health, 400);
  coverage.record(reset, 200);
  coverage.record(reset, 503);
  const report = coverage.report({ target: 'stub', enforced: true, seed: 1, runs: 1 });
  expect(coverageGaps(report)).toEqual([
    'stubReset: documented 400 never answered',
    'stubReset: answered the undocumented status 503 (1 time(s))',
  ]);
  const table = formatCoverageTable(report);
  expect(table).toMatch(/stubHealth\s+\|\s+✓\s+✓/);
  expect(table).toMatch(/stubReset\s+\|\s+✓\s+✗\s+!/);
});

it('reports an operation that was never exercised', () => {
  if (!health) throw new Error('the admin operations moved');
  const report = new Coverage([health]).report({ target: 'stub', enforced: true, seed: 1, runs: 1 });
  expect(coverageGaps(report)).toEqual(['stubHealth was never exercised']);
});
