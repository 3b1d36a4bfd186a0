/** The type of a filterable property, as the caller declares it. */
export type FieldType = 'string' | 'boolean' | 'datetime';

/** The properties a collection can be filtered on, by name. */
export type FieldTypes = Readonly<Record<string, FieldType>>;

export type CompareOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type MatchFunction = 'contains' | 'startswith' | 'endswith';
export type CaseFold = 'tolower' | 'toupper';

/** A property as a condition reads it, optionally case-folded by `tolower`/`toupper`. */
export interface Operand {
  property: string;
  type: FieldType;
  fold?: CaseFold;
}

/** What a property is compared with. A datetime holds its dateTimeKey(), not the text as written. */
export type Literal =
  | { type: 'string'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'datetime'; value: string }
  | { type: 'null' };

/** A parsed $filter. `and`/`or` hold all their operands in one node so long chains do not nest deeply. */
export type Condition =
  | { kind: 'and' | 'or'; operands: Condition[] }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; operator: CompareOperator; left: Operand; right: Literal }
  | { kind: 'match'; function: MatchFunction; target: Operand; value: string }
  | { kind: 'isTrue'; property: string }
  // Built by the stub only (odata/conditions.ts), never parsed: a string property equal to one of many values, in one
  // parameter however many there are, where an OR of equalities would grow the SQL with the data.
  | { kind: 'in'; property: string; values: string[] };
