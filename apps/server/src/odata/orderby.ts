import { GraphHttpError } from '../graph/http-error.js';
import { compareValues } from './compare.js';

export type SortDirection = 'asc' | 'desc';

/** A parsed $orderby: the properties to sort by, most significant first. */
export type OrderBy = { property: string; direction: SortDirection }[];

/**
 * Reads $orderby (`displayName desc, createdDateTime`) against the properties the caller can sort
 * by. Undefined when $orderby is absent. Throws GraphHttpError 400 BadRequest naming what is wrong.
 */
export function parseOrderBy(text: string | undefined, allowed: readonly string[]): OrderBy | undefined {
  if (text === undefined) return undefined;
  const supported = `Sort by ${allowed.join(', ') || '(nothing)'}, each optionally followed by asc or desc.`;
  if (text.trim() === '') {
    throw badRequest(`$orderby is empty. ${supported} Or leave out $orderby for the default order.`);
  }
  const orderBy: OrderBy = [];
  for (const clause of text.split(',')) {
    const [property = '', direction = 'asc', ...extra] = clause.trim().split(/\s+/);
    if (property === '' || extra.length > 0) {
      throw badRequest(`'${clause.trim()}' in $orderby '${text}' is not a sort clause. ${supported}`);
    }
    if (!allowed.includes(property)) {
      const caseless = allowed.find((name) => name.toLowerCase() === property.toLowerCase());
      const hint = caseless ? ` Property names are case-sensitive: did you mean '${caseless}'?` : '';
      throw badRequest(`Sorting by '${property}' is not supported.${hint} ${supported}`);
    }
    if (direction !== 'asc' && direction !== 'desc') {
      const hint = /^(asc|desc)$/i.test(direction) ? ` Write it in lowercase: '${direction.toLowerCase()}'.` : '';
      throw badRequest(`'${direction}' after '${property}' in $orderby is not a sort direction.${hint} ${supported}`);
    }
    if (orderBy.some((existing) => existing.property === property)) {
      throw badRequest(`$orderby '${text}' names '${property}' more than once. Name each property once. ${supported}`);
    }
    orderBy.push({ property, direction });
  }
  return orderBy;
}

/**
 * A comparator for Array.prototype.sort. Items that tie on every clause compare as 0; breaking
 * the tie (so that pages are stable) is the caller's job.
 */
export function compareBy<T extends object>(orderBy: OrderBy): (a: T, b: T) => number {
  return (a, b) => {
    for (const { property, direction } of orderBy) {
      const order = compareValues((a as Record<string, unknown>)[property], (b as Record<string, unknown>)[property]);
      if (order !== 0) return direction === 'asc' ? order : -order;
    }
    return 0;
  };
}

function badRequest(message: string): GraphHttpError {
  return new GraphHttpError(400, 'BadRequest', message);
}
