import { GraphHttpError } from '../graph/http-error.js';
import { compareBy, parseOrderBy } from './orderby.js';

const ALLOWED = ['displayName', 'createdDateTime', 'modifiedDateTime'] as const;

function rejection(text: string, allowed: readonly string[] = ALLOWED): GraphHttpError {
  try {
    parseOrderBy(text, allowed);
  } catch (error) {
    if (error instanceof GraphHttpError) return error;
    throw error;
  }
  throw new Error(`expected $orderby=${text} to be rejected`);
}

function rejects(text: string): string {
  const error = rejection(text);
  expect(error.status).toBe(400);
  expect(error.code).toBe('BadRequest');
  expect(error.message).toContain('Sort by displayName, createdDateTime, modifiedDateTime');
  return error.message;
}

describe('parseOrderBy', () => {
  it('returns undefined when $orderby is absent', () => {
    expect(parseOrderBy(undefined, ALLOWED)).toBeUndefined();
  });

  it('defaults to ascending', () => {
    expect(parseOrderBy('displayName', ALLOWED)).toEqual([{ property: 'displayName', direction: 'asc' }]);
  });

  it('reads several clauses with directions and free whitespace', () => {
    expect(parseOrderBy(' createdDateTime desc ,  displayName   asc', ALLOWED)).toEqual([
      { property: 'createdDateTime', direction: 'desc' },
      { property: 'displayName', direction: 'asc' },
    ]);
  });

  it('rejects an unknown property, listing the sortable ones', () => {
    expect(rejects('colour')).toMatch(/^Sorting by 'colour' is not supported\./);
    expect(rejects('DisplayName')).toMatch(/did you mean 'displayName'/);
    expect(rejects('constructor')).toMatch(/'constructor'/);
  });

  it('rejects an unknown direction', () => {
    expect(rejects('displayName descending')).toMatch(
      /'descending' after 'displayName' .* not a sort direction.*asc or desc/,
    );
    expect(rejects('displayName DESC')).toMatch(/lowercase: 'desc'/);
  });

  it('rejects malformed clauses', () => {
    expect(rejects('')).toMatch(/empty/);
    expect(rejects('displayName,')).toMatch(/'' in \$orderby 'displayName,' is not a sort clause/);
    expect(rejects('displayName desc extra')).toMatch(/'displayName desc extra' .* is not a sort clause/);
  });

  it('rejects a property named twice', () => {
    expect(rejects('displayName, displayName desc')).toMatch(/names 'displayName' more than once/);
  });

  it('supports nothing when nothing is allowed', () => {
    expect(rejection('displayName', []).message).toMatch(/Sort by \(nothing\)/);
  });
});

describe('compareBy', () => {
  type Row = { id: string; displayName?: string | null; createdDateTime?: string; isHidden?: boolean; n?: number };
  const sortIds = (rows: Row[], text: string, allowed: readonly string[] = ALLOWED) =>
    [...rows].sort(compareBy<Row>(parseOrderBy(text, allowed) ?? [])).map((row) => row.id);

  it('compares strings case-insensitively', () => {
    const rows = [
      { id: '1', displayName: 'banana' },
      { id: '2', displayName: 'Apple' },
      { id: '3', displayName: 'cherry' },
      { id: '4', displayName: 'apricot' },
    ];
    expect(sortIds(rows, 'displayName')).toEqual(['2', '4', '1', '3']);
    expect(sortIds(rows, 'displayName desc')).toEqual(['3', '1', '4', '2']);
  });

  it('ties strings differing only in case, leaving the order to the caller', () => {
    const compare = compareBy<Row>([{ property: 'displayName', direction: 'asc' }]);
    expect(compare({ id: '1', displayName: 'Sales' }, { id: '2', displayName: 'sales' })).toBe(0);
    expect(compare({ id: '1', displayName: 'resume' }, { id: '2', displayName: 'résumé' })).not.toBe(0);
  });

  it('puts null and missing values first ascending and last descending', () => {
    const rows = [
      { id: '1', displayName: 'b' },
      { id: '2', displayName: null },
      { id: '3' },
      { id: '4', displayName: 'a' },
    ];
    expect(sortIds(rows, 'displayName')).toEqual(['2', '3', '4', '1']);
    expect(sortIds(rows, 'displayName desc')).toEqual(['1', '4', '2', '3']);
  });

  it('uses later clauses to break ties', () => {
    const rows = [
      { id: '1', displayName: 'a', createdDateTime: '2024-01-02T00:00:00.0000000Z' },
      { id: '2', displayName: 'b', createdDateTime: '2024-01-01T00:00:00.0000000Z' },
      { id: '3', displayName: 'A', createdDateTime: '2024-01-03T00:00:00.0000000Z' },
    ];
    expect(sortIds(rows, 'displayName, createdDateTime desc')).toEqual(['3', '1', '2']);
    expect(sortIds(rows, 'createdDateTime')).toEqual(['2', '1', '3']);
  });

  it('orders booleans false first and numbers numerically', () => {
    const rows = [
      { id: '1', isHidden: true, n: 10 },
      { id: '2', isHidden: false, n: 9 },
    ];
    expect(sortIds(rows, 'isHidden', ['isHidden', 'n'])).toEqual(['2', '1']);
    expect(sortIds(rows, 'n desc', ['isHidden', 'n'])).toEqual(['1', '2']);
  });

  it('is a no-op comparator for an empty order', () => {
    expect(compareBy([])({ a: 1 }, { a: 2 })).toBe(0);
  });
});
