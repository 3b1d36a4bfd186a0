import type { Condition, Operand } from '../../odata/index.js';
import { foldsLikeAscii } from './ascii-folding.js';
import type { Dialect, Params } from './dialect.js';

/**
 * A $filter as SQL, where SQL gives exactly the result odata/filter.ts defines:
 * - `sql`: a condition every match satisfies (absent: no narrowing);
 * - `exact`: whether `sql` is the whole filter; when false, rows must also pass the JavaScript predicate.
 * Every translated condition is two-valued (never NULL), so NOT and OR keep their JavaScript meaning.
 * What stays in JavaScript: gt/ge/lt/le on strings (OData orders strings by UTF-16 code unit, SQL by
 * code point) and, on PostgreSQL, tolower/toupper (its case mapping follows the database's locale).
 */
export interface CompiledFilter {
  sql?: string;
  exact: boolean;
}

export function compileFilter(condition: Condition, dialect: Dialect, params: Params): CompiledFilter {
  // A top-level AND can be split: the conjuncts SQL can answer narrow the rows, the rest are checked in JavaScript.
  const conjuncts = condition.kind === 'and' ? condition.operands : [condition];
  const translated = conjuncts.map((c) => translate(c, dialect, params));
  const exact = translated.every((sql) => sql !== undefined);
  const parts = translated.filter((sql): sql is string => sql !== undefined);
  return { ...(parts.length > 0 ? { sql: parts.join(' AND ') } : {}), exact };
}

// A condition SQL cannot answer adds no parameters: those it added on the way are taken back.
function translate(condition: Condition, dialect: Dialect, params: Params): string | undefined {
  const mark = params.values.length;
  const sql = translateNode(condition, dialect, params);
  if (sql === undefined) params.values.length = mark;
  return sql;
}

function translateNode(condition: Condition, dialect: Dialect, params: Params): string | undefined {
  switch (condition.kind) {
    case 'and':
    case 'or': {
      const operands = condition.operands.map((c) => translate(c, dialect, params));
      if (operands.some((sql) => sql === undefined)) return undefined;
      return `(${operands.join(condition.kind === 'and' ? ' AND ' : ' OR ')})`;
    }
    case 'not': {
      const operand = translate(condition.operand, dialect, params);
      return operand === undefined ? undefined : `(NOT ${operand})`;
    }
    case 'isTrue':
      return dialect.booleanIs(dialect.property(condition.property, params), true, params);
    case 'in': {
      // The values travel as one JSON array, read back as rows by the engine: the SQL is the same for any number. Ids
      // are read from the id column, so that the engines search its index instead of reading every item's JSON.
      // `IS NOT NULL AND` rather than COALESCE, which no engine searches an index through.
      const values = () => dialect.jsonTextRows(params.add(JSON.stringify(condition.values)));
      if (condition.property === 'id') return `(id IN (${values()}))`;
      const read = dialect.property(condition.property, params);
      return `(${read} IS NOT NULL AND ${read} IN (${values()}))`;
    }
    case 'match': {
      const target = operand(condition.target, dialect, params, condition.value);
      if (target === undefined) return undefined;
      // Every string contains, starts and ends with the empty string; only a missing value fails.
      if (condition.value === '') return `(${target} IS NOT NULL)`;
      // A prefix is also a range of the property's own values (in code point order, as both engines compare them
      // here), which its index can search; the exact test below still decides.
      const range =
        condition.function === 'startswith' && condition.target.type === 'string' && condition.target.fold === undefined
          ? prefixRange(condition.value)
          : undefined;
      const narrowed = range
        ? `${target} IS NOT NULL AND ${target} >= ${params.add(range.from)}::text AND ${target} < ${params.add(range.to)}::text AND `
        : '';
      const value = params.add(condition.value);
      const test =
        condition.function === 'contains'
          ? dialect.name === 'sqlite'
            ? `instr(${target}, ${value}) > 0`
            : `strpos(${target}, ${value}::text) > 0`
          : condition.function === 'startswith'
            ? `substr(${target}, 1, length(${value}::text)) = ${params.add(condition.value)}::text`
            : dialect.name === 'sqlite'
              ? `substr(${target}, -length(${value})) = ${params.add(condition.value)}`
              : `right(${target}, length(${value}::text)) = ${params.add(condition.value)}::text`;
      return range
        ? sqliteCasts(`(${narrowed}${test})`, dialect)
        : `COALESCE(${sqliteCasts(test, dialect)}, ${dialect.false})`;
    }
    case 'compare': {
      const { operator, left, right } = condition;
      const expected = right.type === 'null' ? null : right.value;
      if (left.type === 'boolean') {
        if (operator !== 'eq' && operator !== 'ne') return dialect.false; // OData orders no booleans: never true.
        const is = dialect.booleanIs(dialect.property(left.property, params), expected as boolean | null, params);
        return operator === 'eq' ? is : `(NOT ${is})`;
      }
      const equality = operator === 'eq' || operator === 'ne';
      const read = operand(left, dialect, params, equality && typeof expected === 'string' ? expected : undefined);
      if (read === undefined) return undefined;
      if (equality) {
        return dialect.textIs(read, expected as string | null, params, operator === 'ne');
      }
      // Ordering against null is never true; strings order by UTF-16 code unit, which SQL cannot do.
      if (expected === null) return dialect.false;
      if (left.type !== 'datetime') return undefined;
      const symbol = { gt: '>', ge: '>=', lt: '<', le: '<=' }[operator];
      return `COALESCE(${dialect.binary(read)} ${symbol} ${params.add(expected)}, ${dialect.false})`;
    }
  }
}

// SQLite needs no casts; the placeholders above carry PostgreSQL's.
function sqliteCasts(sql: string, dialect: Dialect): string {
  return dialect.name === 'sqlite' ? sql.replace(/::text/g, '') : sql;
}

/**
 * A property as the filter reads it. Datetimes are stored in Graph's form (`2021-11-10T01:10:09.5220119Z`,
 * see store/data-file.ts); padding the fraction to twelve digits gives the key odata/datetime.ts compares.
 */
function operand(
  { property, type, fold }: Operand,
  dialect: Dialect,
  params: Params,
  needle?: string,
): string | undefined {
  const value = dialect.property(property, params);
  if (type === 'datetime') return `(substr(${value}, 1, 27) || '00000Z')`;
  if (type === 'boolean' || fold === undefined) return value;
  // A string property holds text or nothing (the contract checks what the API stores, data-file.ts the data file),
  // so where the needle allows it, folding its ASCII letters is folding it (ascii-folding.ts).
  return dialect.fold(value, fold, type === 'string' && needle !== undefined && foldsLikeAscii(needle, fold));
}

/**
 * The strings that start with `prefix`, as a half-open range in code point order: from the prefix to the prefix with
 * its last code point one higher (past the surrogates' block, which no text holds). None for a prefix ending in the
 * last code point.
 */
export function prefixRange(prefix: string): { from: string; to: string } | undefined {
  const points = Array.from(prefix);
  const last = points.pop()?.codePointAt(0);
  if (last === undefined || last === 0x10ffff) return undefined;
  const next = last === 0xd7ff ? 0xe000 : last + 1;
  return { from: prefix, to: `${points.join('')}${String.fromCodePoint(next)}` };
}
