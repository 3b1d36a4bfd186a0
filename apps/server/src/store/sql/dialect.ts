/**
 * What differs between the engines' SQL. Every value reaches the database as a parameter; the
 * only text spliced into SQL is this file's own.
 */
export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  /** The placeholder of the n-th parameter (1-based). */
  placeholder(n: number): string;
  /** A property of the JSON `data` column as text (booleans as the dialect's boolean text), NULL when absent. */
  property(name: string, param: Params): string;
  /**
   * A property as `property` reads it when its name may be written into SQL (PLAIN_PROPERTY): the expression its
   * index (indexes.ts) is built on. The engines use an index only for the very expression it was built on.
   */
  indexedProperty(name: string): string;
  /** A string constant of this file's or the contract's (an entity's name), written into SQL. */
  literal(text: string): string;
  /** A boolean property's value compared with true/false/null, never NULL itself. */
  booleanIs(expr: string, value: boolean | null, param: Params): string;
  /** Null-safe equality of a text expression with a text parameter, never NULL itself. */
  textIs(expr: string, value: string | null, param: Params, negate: boolean): string;
  /**
   * The text expression lower- or upper-cased exactly as JavaScript does, or undefined when the engine cannot.
   * `asciiEnough`: the folded text is only compared with a needle for which folding its ASCII letters alone gives the
   * same answer (store/sql/ascii-folding.ts), so the engine may do just that.
   */
  fold(expr: string, fold: 'tolower' | 'toupper', asciiEnough?: boolean): string | undefined;
  /** Binary (code point) comparison of two text expressions. */
  binary(expr: string): string;
  /** The strings of a JSON array (a parameter holding its text) as the rows of a subquery. */
  jsonTextRows(arrayParam: string): string;
  readonly false: string;
  readonly true: string;
  /** Suffix that locks the rows a SELECT reads until the transaction ends. */
  lock(mode: 'share' | 'update'): string;
}

/**
 * Names that may be written into SQL as they are: the contract's property names and the stored references (`/`
 * between names), and the entities' names. Anything else travels as a parameter, and has no index.
 */
export const PLAIN_PROPERTY = /^[A-Za-z][A-Za-z0-9]*(\/[A-Za-z][A-Za-z0-9]*)*$/;
export const PLAIN_ENTITY = /^[A-Za-z][A-Za-z0-9]*$/;

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Collects parameters in order and hands back their placeholders. */
export class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: Pick<Dialect, 'placeholder'>) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length);
  }
}

export const sqlite: Dialect = {
  name: 'sqlite',
  placeholder: () => '?',
  property: (name, param) =>
    PLAIN_PROPERTY.test(name) ? sqlite.indexedProperty(name) : `json_extract(data, ${param.add(`$."${name}"`)})`,
  indexedProperty: (name) => `json_extract(data, ${literal(`$."${name}"`)})`,
  literal,
  // json_extract reads JSON true/false as 1/0.
  booleanIs: (expr, value, param) =>
    value === null ? `(${expr} IS NULL)` : `(${expr} IS ${param.add(value ? 1 : 0)})`,
  textIs: (expr, value, param, negate) =>
    value === null
      ? `(${expr} IS ${negate ? 'NOT ' : ''}NULL)`
      : `(${expr} IS ${negate ? 'NOT ' : ''}${param.add(value)})`,
  // js_lower/js_upper are registered on every connection (sqlite.ts) as JavaScript's own functions; a call into
  // JavaScript per row cost more than the rest of a $filter. SQLite's own lower/upper fold ASCII letters only,
  // which is enough where ascii-folding.ts says so.
  fold: (expr, fold, asciiEnough) =>
    asciiEnough
      ? `${fold === 'tolower' ? 'lower' : 'upper'}(${expr})`
      : fold === 'tolower'
        ? `js_lower(${expr})`
        : `js_upper(${expr})`,
  binary: (expr) => expr,
  jsonTextRows: (array) => `SELECT value FROM json_each(${array})`,
  false: '0',
  true: '1',
  lock: () => '',
};

export const postgres: Dialect = {
  name: 'postgres',
  placeholder: (n) => `$${n}`,
  // In the C collation, which orders text by code point as OData and SQLite do (a startswith's range, binary()), and
  // compares it for equality as any deterministic collation does: one index serves both.
  property: (name, param) =>
    PLAIN_PROPERTY.test(name) ? postgres.indexedProperty(name) : `((data->>${param.add(name)}::text) COLLATE "C")`,
  indexedProperty: (name) => `((data->>${literal(name)}) COLLATE "C")`,
  literal,
  booleanIs: (expr, value, param) =>
    value === null ? `(${expr} IS NULL)` : `(${expr} IS NOT DISTINCT FROM ${param.add(String(value))}::text)`,
  // IS NOT DISTINCT FROM searches no index: an equality is written as `=`, which is NULL only where the property is,
  // and that case is false first.
  textIs: (expr, value, param, negate) =>
    value === null
      ? `(${expr} IS ${negate ? 'NOT ' : ''}NULL)`
      : negate
        ? `(${expr} IS DISTINCT FROM ${param.add(value)}::text)`
        : `(${expr} IS NOT NULL AND ${expr} = ${param.add(value)}::text)`,
  // PostgreSQL's lower()/upper() follow the database's locale, not JavaScript: such filters are evaluated in JavaScript.
  fold: () => undefined,
  binary: (expr) => `(${expr} COLLATE "C")`,
  jsonTextRows: (array) => `SELECT jsonb_array_elements_text(${array}::jsonb)`,
  false: 'false',
  true: 'true',
  lock: (mode) => (mode === 'share' ? ' FOR SHARE' : ' FOR UPDATE'),
};
