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
      const read = condition.property === 'id' ? 'id' : dialect.property(condition.property, params);
      return `COALESCE(${read} IN (${dialect.jsonTextRows(params.add(JSON.stringify(condition.values)))}), ${dialect.false})`;
    }
    case 'match': {
      const target = operand(condition.target, dialect, params, condition.value);
      if (target === undefined) return undefined;
      // Every string contains, starts and ends with the empty string; only a missing value fails.
      if (condition.value === '') return `(${target} IS NOT NULL)`;
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
      return `COALESCE(${sqliteCasts(test, dialect)}, ${dialect.false})`;
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
