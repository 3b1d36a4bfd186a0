import type { Condition } from './filter-syntax.js';

// Conditions the stub builds itself, beside those a `$filter` parses to: the store compiles both to SQL alike.

/** `property eq 'value'`. */
export function equals(property: string, value: string): Condition {
  return { kind: 'compare', operator: 'eq', left: { property, type: 'string' }, right: { type: 'string', value } };
}

/** A condition no item matches (no item has a null id): a list narrowed to nothing. */
export const NOTHING: Condition = {
  kind: 'compare',
  operator: 'eq',
  left: { property: 'id', type: 'string' },
  right: { type: 'null' },
};

/**
 * The items whose `property` is one of `values` (none when there are none): one condition and, in SQL, one parameter
 * however many values there are (a list narrowed to a thousand ids is no thousand-term OR).
 */
export function anyOf(property: string, values: Iterable<string>): Condition {
  const distinct = [...new Set(values)];
  if (distinct.length === 1 && distinct[0] !== undefined) return equals(property, distinct[0]);
  return distinct.length === 0 ? NOTHING : { kind: 'in', property, values: distinct };
}

/** The items whose id is one of `ids` (none when there are none): a list narrowed to what a check picked. */
export function idIn(ids: Iterable<string>): Condition {
  return anyOf('id', ids);
}

/** Both conditions; either alone where the other is absent. */
export function both(a: Condition | undefined, b: Condition | undefined): Condition | undefined {
  return a && b ? { kind: 'and', operands: [a, b] } : (a ?? b);
}
