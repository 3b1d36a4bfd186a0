import { GraphHttpError } from '../graph/http-error.js';

/** The system query options a list or get understands, as the client gave them. */
export interface QueryOptions {
  select?: string;
  filter?: string;
  orderby?: string;
  top?: number;
  skiptoken?: string;
  count?: boolean;
  expand?: string;
}

const TEXT_OPTIONS = ['select', 'filter', 'orderby', 'skiptoken', 'expand'] as const;
const MAX_TOP = 999;

// Every OData system query option, including those this stub does not serve (which then answer 400).
const SYSTEM_QUERY_OPTIONS = new Set([
  'select',
  'filter',
  'orderby',
  'top',
  'skip',
  'skiptoken',
  'count',
  'expand',
  'search',
  'format',
]);

/**
 * The option a query parameter names, e.g. `filter` for `$filter`, `filter` and `$Filter`: on beta
 * the `$` is optional and, as in OData 4.01, names are case-insensitive. Undefined for a parameter
 * that is no system query option.
 */
export function systemOptionName(key: string): string | undefined {
  const bare = key.replace(/^\$/, '').toLowerCase();
  return SYSTEM_QUERY_OPTIONS.has(bare) ? bare : undefined;
}

/**
 * Reads system query options from a parsed query string. On beta the `$` is optional and, as in
 * OData 4.01, names are case-insensitive, so `$filter`, `filter` and `$Filter` are one option;
 * giving it twice is fine only with the same value. Values may be strings, numbers, booleans or
 * arrays of them, depending on which parser and validator ran first. Other options are ignored.
 */
export function readQueryOptions(query: Record<string, unknown>): QueryOptions {
  const options: QueryOptions = {};
  for (const name of TEXT_OPTIONS) {
    const given = readOne(query, name);
    if (given) options[name] = asText(given);
  }
  const top = readOne(query, 'top');
  if (top) options.top = asTop(top);
  const count = readOne(query, 'count');
  if (count) options.count = asCount(count);
  return options;
}

export interface Given {
  /** The name as the client spelled it, for messages. */
  key: string;
  value: unknown;
}

function readOne(query: Record<string, unknown>, name: string): Given | undefined {
  const given: Given[] = Object.entries(query)
    .filter(([key]) => systemOptionName(key) === name)
    .flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => ({ key, value: v })))
    .filter(({ value }) => value !== undefined);
  return single(name, given);
}

/**
 * The one value of an option given in `given`; repeats are fine only with the same value, since
 * a client that sends two different filters has a bug that a silent choice would hide.
 */
export function single(name: string, given: Given[]): Given | undefined {
  const distinct = new Set(given.map(({ value }) => comparable(value)));
  if (distinct.size > 1) {
    const listed = given.map(({ key, value }) => `${key}=${comparable(value)}`).join(', ');
    throw badRequest(
      `The query option '$${name}' is given more than once with different values (${listed}). Give it once.`,
    );
  }
  return given[0];
}

// `$top=5` may arrive as 5 from the validator and `top=5` as '5' from the parser: the same value.
function comparable(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function asText({ key, value }: Given): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badRequest(`The query option '${key}' must be plain text, but was ${comparable(value)}.`);
}

function asTop({ key, value }: Given): number {
  const top =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isInteger(top) && top >= 1 && top <= MAX_TOP) return top;
  const hint = top > MAX_TOP ? ' For more items, follow @odata.nextLink to the next page.' : '';
  throw badRequest(
    `The query option '${key}' must be a whole number from 1 to ${MAX_TOP}, but was '${comparable(value)}'.${hint}`,
  );
}

function asCount({ key, value }: Given): boolean {
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' ? value : undefined;
  if (text === 'true' || text === 'false') return text === 'true';
  throw badRequest(`The query option '${key}' must be true or false, but was '${comparable(value)}'.`);
}

function badRequest(message: string): GraphHttpError {
  return new GraphHttpError(400, 'BadRequest', message);
}
