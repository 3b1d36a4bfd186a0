import { deriveCases } from './cases.js';
import { Coverage, coverageGaps, formatCoverageTable, onlySimulated } from './coverage.js';
import { deriveResources } from './resources.js';
import { ContractRun } from './run.js';
import { createSchemaValidator } from './schema-validator.js';
import { documentedStatuses } from './spec.js';
import { startStubTarget } from './target.js';
import { realContract } from './testing.js';

const contract = realContract();
const health = contract.operations.find((op) => op.id === 'stubHealth');
const reset = contract.operations.find((op) => op.id === 'stubReset');
const clock = contract.operations.find((op) => op.id === 'stubClockGet');
const getCatalog = contract.operations.find((op) => op.id === 'getAccessPackageCatalog');
const TRANSIENT = ['429', '500', '502', '503', '504'];

it('marks exercised, never answered and undocumented statuses, and lists each gap', () => {
  if (!health || !reset) throw new Error('the admin operations moved');
  const coverage = new Coverage([health, reset]);
  for (const status of [200, 400, 401, 403]) coverage.record(health, status);
  for (const status of [200, 401, 403, 415, 503]) coverage.record(reset, status);
  const report = coverage.report({ target: 'stub', enforced: true, seed: 1, runs: 1 });
  expect(coverageGaps(report)).toEqual([
    'stubReset: documented 400 never answered',
    'stubReset: answered the undocumented status 503 (1 time(s))',
  ]);
  const table = formatCoverageTable(report);
  expect(table).toMatch(/stubHealth\s+\|\s+✓\s+✓\s+✓\s+✓/);
  expect(table).toMatch(/stubReset\s+\|\s+✓\s+✗\s+✓\s+✓\s+✓\s+!/);
});

it('reports an operation that was never exercised', () => {
  if (!health) throw new Error('the admin operations moved');
  const report = new Coverage([health]).report({ target: 'stub', enforced: true, seed: 1, runs: 1 });
  expect(coverageGaps(report)).toEqual(['stubHealth was never exercised']);
});

it('marks statuses answered only by the simulation layer with s, apart from ✓, and still counts them as covered', () => {
  if (!getCatalog) throw new Error('getAccessPackageCatalog moved');
  const coverage = new Coverage([getCatalog]);
  for (const status of documentedStatuses(getCatalog))
    coverage.record(getCatalog, status, { simulated: TRANSIENT.includes(String(status)) });
  coverage.record(getCatalog, 503); // one 503 the operation gave itself: that cell is exercised for real
  const report = coverage.report({ target: 'stub', enforced: true, seed: 1, runs: 1 });
  expect(coverageGaps(report)).toEqual([]);
  const row = report.rows[0];
  if (!row) throw new Error('no row');
  expect(row.simulated).toEqual({ 429: 1, 500: 1, 502: 1, 503: 1, 504: 1 });
  expect(['200', '404', '503'].map((s) => onlySimulated(row, s))).toEqual([false, false, false]);
  expect(['429', '500', '502', '504'].map((s) => onlySimulated(row, s))).toEqual([true, true, true, true]);
  const table = formatCoverageTable(report);
  const header = table.split('\n')[0] ?? '';
  const cells = (table.split('\n').find((l) => l.startsWith('getAccessPackageCatalog')) ?? '')
    .split('|')[1]
    ?.trim()
    .split(/\s+/);
  const columns = header.split('|')[1]?.trim().split(/\s+/) ?? [];
  expect(Object.fromEntries(columns.map((status, i) => [status, cells?.[i]]))).toEqual({
    200: '✓',
    400: '✓',
    401: '✓',
    403: '✓',
    404: '✓',
    406: '✓',
    429: 's',
    500: 's',
    502: 's',
    503: '✓',
    504: 's',
  });
  expect(table).toContain('s answered by the simulation layer, not by the operation');

  // A simulated status the operation does not document is still flagged as undocumented.
  if (!clock) throw new Error('the admin operations moved');
  const admin = new Coverage([clock]);
  for (const status of [200, 400, 401, 403]) admin.record(clock, status);
  admin.record(clock, 503, { simulated: true });
  expect(coverageGaps(admin.report({ target: 'stub', enforced: true, seed: 1, runs: 1 }))).toEqual([
    'stubClockGet: answered the undocumented status 503 (1 time(s))',
  ]);
});

it("records the transient cases' 429/5xx as the simulation layer's, and the operation's own answers as its own", async () => {
  if (!getCatalog) throw new Error('getAccessPackageCatalog moved');
  const resources = deriveResources(contract);
  const cases = deriveCases(contract, resources, { isStub: true, runs: 1, seed: 1 }).filter(
    (c) =>
      c.group.includes('(getAccessPackageCatalog)') &&
      (c.title.includes('under simulation') || /^answers (200|404)/.test(c.title)),
  );
  expect(cases.filter((c) => c.title.includes('under simulation'))).toHaveLength(TRANSIENT.length);
  const coverage = new Coverage(contract.operations);
  const target = await startStubTarget(contract.scopes);
  const run = new ContractRun(contract, createSchemaValidator(contract), resources, coverage, target, {
    seed: 1,
    runs: 1,
    prefix: 'contract-test-unit ',
  });
  try {
    for (const c of cases) await c.run(run);
  } finally {
    await run.cleanUp();
    await run.close();
  }
  const rows = coverage.report({ target: 'stub', enforced: true, seed: 1, runs: 1 }).rows;
  const row = rows.find((r) => r.operationId === 'getAccessPackageCatalog');
  if (!row) throw new Error('no row');
  expect(Object.keys(row.simulated).sort()).toEqual(TRANSIENT);
  expect(TRANSIENT.every((s) => onlySimulated(row, s))).toBe(true);
  expect(row.documented['200']).toBeGreaterThan(0);
  expect(row.documented['404']).toBeGreaterThan(0);
  expect(onlySimulated(row, '200') || onlySimulated(row, '404')).toBe(false);
  // The objects the cases created (the catalog they read) were created by the operation, not simulated.
  expect(rows.every((r) => r.operationId === 'getAccessPackageCatalog' || Object.keys(r.simulated).length === 0)).toBe(
    true,
  );
}, 30_000);

it("asks no case and no coverage of a status only an outage of the stub's database gives (x-outage)", () => {
  if (!health) throw new Error('the admin operations moved');
  expect(health.responses.find((r) => r.status === '503')?.outage).toBe(true);
  expect(documentedStatuses(health)).not.toContain(503);
  const coverage = new Coverage([health]);
  for (const status of [200, 400, 401, 403]) coverage.record(health, status);
  expect(coverageGaps(coverage.report({ target: 'stub', enforced: true, seed: 1, runs: 1 }))).toEqual([]);
  const cases = deriveCases(contract, deriveResources(contract), { isStub: true, runs: 1, seed: 1 });
  expect(cases.filter((c) => c.group.includes('(stubHealth)') && c.title.includes('503'))).toEqual([]);
});
