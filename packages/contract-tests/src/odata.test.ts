import { compareValues, literalOf, outOfOrderAt, sameValue, unknownName, unselected } from './odata.js';

it('orders strings by UTF-16 code unit, nulls first, false before true, date-times by instant', () => {
  expect(['b', 'a', 'C', 'é', null].sort((x, y) => compareValues('string', x, y))).toEqual([null, 'C', 'a', 'b', 'é']);
  expect(compareValues('boolean', false, true)).toBeLessThan(0);
  expect(compareValues('number', 10, 9)).toBeGreaterThan(0);
  // Seven fraction digits (Graph's) beyond what a JavaScript date holds, and offsets.
  expect(compareValues('datetime', '2026-01-01T00:00:00.0000001Z', '2026-01-01T00:00:00.0000002Z')).toBeLessThan(0);
  expect(compareValues('datetime', '2026-01-01T02:00:00+02:00', '2026-01-01T00:00:00.0000000Z')).toBe(0);
  expect(compareValues('datetime', undefined, '2026-01-01T00:00:00Z')).toBeLessThan(0);
});

it('finds the first item out of the order $orderby asks for; ties are in order', () => {
  const items = [{ n: 'a' }, { n: 'b' }, { n: 'b' }, { n: 'a' }];
  expect(outOfOrderAt(items, 'n', 'string', 'asc')).toBe(3);
  expect(outOfOrderAt(items.slice(0, 3), 'n', 'string', 'asc')).toBeUndefined();
  expect(outOfOrderAt([{ n: 'b' }, { n: 'a' }, { n: null }], 'n', 'string', 'desc')).toBeUndefined();
  expect(outOfOrderAt([{ n: null }, { n: 'a' }], 'n', 'string', 'desc')).toBe(1);
});

it('writes OData literals and matches eq as OData does', () => {
  expect(literalOf('string', "O'Neil")).toBe("'O''Neil'");
  expect(literalOf('boolean', false)).toBe('false');
  expect(literalOf('datetime', '2026-01-01T00:00:00.1234567Z')).toBe('2026-01-01T00:00:00.1234567Z');
  expect(literalOf('string', null)).toBe('null');
  expect(sameValue('datetime', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00.0000000Z')).toBe(true);
  expect(sameValue('string', undefined, null)).toBe(true);
  expect(sameValue('boolean', false, null)).toBe(false);
  expect(sameValue('string', 'A', 'a')).toBe(false);
});

it('lists what $select did not ask for, keeping id and annotations', () => {
  const item = { '@odata.context': 'x', id: '1', displayName: 'n', 'displayName@odata.type': 't', description: 'd' };
  expect(unselected(item, ['displayName'])).toEqual(['description']);
  expect(unselected(item, ['id'])).toEqual(['displayName', 'displayName@odata.type', 'description']);
});

it('picks a name no property has', () => {
  const entity = {
    type: 't',
    entitySet: 's',
    properties: { x: { type: 'string' as const, nullable: false } },
    selectable: ['x'],
    filterable: {},
    orderable: [],
    expandable: { x2: { target: 't', many: false } },
  };
  expect(unknownName(entity, 'x')).toBe('x3');
});
