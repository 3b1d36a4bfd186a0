import { compareValues } from './compare.js';
import { compareBy, type OrderBy } from './orderby.js';
import { type Cursor, decodeSkiptoken, encodeSkiptoken, type SortValue } from './skiptoken.js';

export { buildNextLink } from './next-link.js';

/** An item that can be paged: `seq` is its unique insertion number, which never changes. */
export interface Pageable {
  id: string;
  seq: number;
}

export interface PageOptions<T = Pageable> {
  orderBy?: OrderBy;
  /** The client's $top, already validated. It sets the page size, as in Graph. */
  top?: number;
  skiptoken?: string;
  /** Page size when the client gives no $top. */
  pageSize: number;
  /** Upper bound on the page size, whatever $top asks for. */
  maxPageSize?: number;
  /** Every query option that shapes the list (filter, orderby, select, top...), as one string. */
  queryFingerprint: string;
  /**
   * A bound on the page's size in some unit (e.g. characters of JSON): items are taken while their
   * weights add up to at most `max`, and at least one, so a page may hold fewer than `top`, as
   * server-driven paging allows. `weigh` is called once per item considered, in page order.
   */
  budget?: { weigh: (item: T) => number; max: number };
}

export interface Page<T> {
  page: T[];
  /** Present when more items follow; pass it back as $skiptoken. */
  nextSkiptoken?: string;
}

/**
 * One page of `items`, sorted by `orderBy` then by `seq`. The skiptoken is a position in that
 * order, not an offset, so items created or deleted between requests neither shift nor repeat
 * the items that existed throughout: new items after the position show up on later pages, and
 * deleted ones just vanish. Throws GraphHttpError 400 for a skiptoken not issued for this query.
 */
export function paginate<T extends Pageable>(items: readonly T[], options: PageOptions<T>): Page<T> {
  const orderBy = options.orderBy ?? [];
  const size = pageSizeOf(options);
  const byKeys = compareBy<T>(orderBy);
  const sorted = [...items].sort((a, b) => byKeys(a, b) || a.seq - b.seq);

  let start = 0;
  if (options.skiptoken !== undefined) {
    const cursor = decodeSkiptoken(options.skiptoken, options.queryFingerprint, orderBy.length);
    start = sorted.findIndex((item) => compareToCursor(item, cursor, orderBy) > 0);
    if (start < 0) start = sorted.length;
  }

  const page = withinBudget(sorted.slice(start, start + size), options.budget);
  const last = page[page.length - 1];
  if (last === undefined || start + page.length >= sorted.length) return { page };
  const cursor = cursorAt(last, orderBy);
  return { page, nextSkiptoken: encodeSkiptoken(cursor, options.queryFingerprint) };
}

function withinBudget<T>(page: T[], budget: PageOptions<T>['budget']): T[] {
  if (!budget) return page;
  let used = 0;
  for (const [i, item] of page.entries()) {
    used += budget.weigh(item);
    if (used > budget.max && i > 0) return page.slice(0, i);
  }
  return page;
}

function pageSizeOf<T>({ top, pageSize, maxPageSize }: PageOptions<T>): number {
  const size = Math.min(top ?? pageSize, maxPageSize ?? Number.POSITIVE_INFINITY);
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new RangeError(`The page size must be a positive integer, but top, pageSize and maxPageSize give ${size}.`);
  }
  return size;
}

// The same order as the sort in paginate, with the cursor standing in for an item.
function compareToCursor(item: Pageable, cursor: Cursor, orderBy: OrderBy): number {
  for (const [i, { property, direction }] of orderBy.entries()) {
    const order = compareValues(sortValueOf(item, property), cursor.values[i] ?? null);
    if (order !== 0) return direction === 'asc' ? order : -order;
  }
  return item.seq - cursor.seq;
}

/** The position just after `item` in a list sorted by `orderBy`, as a skiptoken holds it. */
export function cursorAt(item: Pageable, orderBy: OrderBy): Cursor {
  return { values: orderBy.map(({ property }) => sortValueOf(item, property)), seq: item.seq };
}

function sortValueOf(item: object, property: string): SortValue {
  const value = (item as Record<string, unknown>)[property];
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}
