import type { ODataEntityInfo, PropertyType } from '@accesspackage/openapi';

/**
 * How the suite judges answers to OData query options, from the property types the contract's
 * `x-odata` readings give (`@accesspackage/openapi`'s readODataEntities). No server code is shared:
 * these are the rules a client relies on, written down independently.
 */

export type Direction = 'asc' | 'desc';

const DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,12}))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * A DateTimeOffset as a comparable instant: milliseconds since the epoch and the fraction digits a
 * JavaScript date cannot hold (Graph writes seven). Undefined when `text` is none.
 */
function instantOf(text: string): { ms: number; fraction: string } | undefined {
  const match = DATE_TIME.exec(text);
  if (!match?.[1] || !match[3]) return undefined;
  const ms = Date.parse(`${match[1]}${match[3].toUpperCase()}`);
  if (Number.isNaN(ms)) return undefined;
  return { ms, fraction: (match[2] ?? '').padEnd(12, '0') };
}

function isMissing(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function compareRaw(a: string | number | boolean, b: string | number | boolean): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * OData's ascending order of two values of a property of `type`: null (or absent) first, false
 * before true, numbers numerically, date-times by instant, strings by UTF-16 code unit (what JavaScript's
 * `<` compares). Values of an unexpected type compare as their JSON text, so a wrong answer still sorts.
 */
export function compareValues(type: PropertyType, a: unknown, b: unknown): number {
  if (isMissing(a) || isMissing(b)) return isMissing(a) === isMissing(b) ? 0 : isMissing(a) ? -1 : 1;
  if (type === 'datetime' && typeof a === 'string' && typeof b === 'string') {
    const [x, y] = [instantOf(a), instantOf(b)];
    if (x && y) return x.ms !== y.ms ? compareRaw(x.ms, y.ms) : compareRaw(x.fraction, y.fraction);
  }
  const sameType = typeof a === typeof b && ['string', 'number', 'boolean'].includes(typeof a);
  if (sameType) return compareRaw(a as string | number | boolean, b as string | number | boolean);
  return compareRaw(JSON.stringify(a), JSON.stringify(b));
}

/** Whether `actual` is what `eq expected` selects: null only equals null; date-times equal as instants. */
export function sameValue(type: PropertyType, actual: unknown, expected: unknown): boolean {
  if (isMissing(actual) || isMissing(expected)) return isMissing(actual) && isMissing(expected);
  if (typeof actual !== typeof expected) return false;
  return type === 'datetime' ? compareValues(type, actual, expected) === 0 : actual === expected;
}

/**
 * The first place `items` break the order `$orderby=<property> <direction>` asks for: the index of
 * the item that should not come after the one before it. Undefined when they are in order (ties are).
 */
export function outOfOrderAt(
  items: Array<Record<string, unknown>>,
  property: string,
  type: PropertyType,
  direction: Direction,
): number | undefined {
  for (let i = 1; i < items.length; i += 1) {
    const order = compareValues(type, items[i - 1]?.[property], items[i]?.[property]);
    if (direction === 'asc' ? order > 0 : order < 0) return i;
  }
  return undefined;
}

/** `value` written as an OData literal for a property of `type`, e.g. `'O''Neil'`, `true`, `2026-01-01T00:00:00Z`. */
export function literalOf(type: PropertyType, value: unknown): string {
  if (isMissing(value)) return 'null';
  switch (type) {
    case 'string':
      return `'${String(value).replace(/'/g, "''")}'`;
    // A DateTimeOffset literal is written bare, exactly as the server wrote the value.
    case 'datetime':
    case 'boolean':
    case 'number':
      return String(value);
  }
}

/** A literal of `type` that parses, for requests whose point is the property, not the value. */
export function sampleLiteral(type: PropertyType): string {
  return { string: "'contract-test'", boolean: 'true', datetime: '2026-01-01T00:00:00Z', number: '0' }[type];
}

/**
 * The properties of `item` that `$select` did not ask for: anything but `id`, the selected names,
 * `@odata.*` annotations and annotations of a kept property (`displayName@odata.type`).
 */
export function unselected(item: Record<string, unknown>, selected: string[]): string[] {
  const keep = new Set(['id', ...selected]);
  return Object.keys(item).filter((key) => {
    if (key.startsWith('@odata.')) return false;
    const at = key.indexOf('@');
    return !keep.has(at > 0 ? key.slice(0, at) : key);
  });
}

/** A name that no property of the entity has, for the negative cases. */
export function unknownName(entity: ODataEntityInfo, stem: string): string {
  let name = stem;
  for (let i = 2; Object.hasOwn(entity.properties, name) || Object.hasOwn(entity.expandable, name); i += 1)
    name = `${stem}${i}`;
  return name;
}
