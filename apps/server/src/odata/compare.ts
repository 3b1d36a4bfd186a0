// Case-insensitive like Graph's (SQL CI_AS-style) sorting, but accent-sensitive. A fixed locale
// keeps the order, and so every $skiptoken, independent of the machine's locale.
const collator = new Intl.Collator('en', { sensitivity: 'accent' });

// Values of different types still need a fixed order, or sorting would not be consistent.
const TYPE_RANK: Record<string, number> = { boolean: 1, number: 2, string: 3 };

/**
 * Orders two property values ascending: null and undefined first (OData's rule), then false
 * before true, numbers numerically, strings case-insensitively. 0 means tied, not equal.
 */
export function compareValues(a: unknown, b: unknown): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) return aMissing && bMissing ? 0 : aMissing ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string') return collator.compare(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return (TYPE_RANK[typeof a] ?? 4) - (TYPE_RANK[typeof b] ?? 4);
}
