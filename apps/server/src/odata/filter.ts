import { dateTimeKey } from './datetime.js';
import { parseFilter } from './filter-parse.js';
import type { CompareOperator, Condition, FieldTypes, MatchFunction, Operand } from './filter-syntax.js';

/** Whether an item passes a filter. Items are read by property name only; nothing is mutated. */
export type Predicate = (item: object) => boolean;

// Own properties only: a filter on `constructor` must not find Object.prototype's.
const ownValue = (item: object, property: string): unknown =>
  Object.hasOwn(item, property) ? (item as Record<string, unknown>)[property] : undefined;

/**
 * Compiles an OData $filter into a predicate. Only the properties named in `fields` can be
 * filtered on, with the operators their type allows. Throws GraphHttpError 400 InvalidFilter, with a
 * message starting `Invalid filter clause:`, for anything it cannot parse or does not support.
 */
export function compileFilter(text: string, fields: FieldTypes): Predicate {
  return predicateOf(parseFilter(text, fields));
}

/** The predicate of a parsed filter: the reference semantics any other evaluation (SQL) must match. */
export function predicateOf(condition: Condition): Predicate {
  return toPredicate(condition);
}

type Value = string | boolean | null;

function toPredicate(condition: Condition): Predicate {
  switch (condition.kind) {
    case 'and': {
      const all = condition.operands.map(toPredicate);
      return (item) => all.every((test) => test(item));
    }
    case 'or': {
      const any = condition.operands.map(toPredicate);
      return (item) => any.some((test) => test(item));
    }
    case 'not': {
      const inner = toPredicate(condition.operand);
      return (item) => !inner(item);
    }
    case 'isTrue': {
      const { property } = condition;
      return (item) => ownValue(item, property) === true;
    }
    case 'match': {
      const read = reader(condition.target);
      const matches = MATCHERS[condition.function];
      const { value } = condition;
      return (item) => {
        const actual = read(item);
        return typeof actual === 'string' && matches(actual, value);
      };
    }
    case 'in': {
      const { property } = condition;
      const values = new Set(condition.values);
      return (item) => {
        const value = ownValue(item, property);
        return typeof value === 'string' && values.has(value);
      };
    }
    case 'compare': {
      const read = reader(condition.left);
      const expected = condition.right.type === 'null' ? null : condition.right.value;
      const holds = COMPARISONS[condition.operator];
      return (item) => holds(read(item), expected);
    }
  }
}

const MATCHERS: Record<MatchFunction, (actual: string, value: string) => boolean> = {
  contains: (actual, value) => actual.includes(value),
  startswith: (actual, value) => actual.startsWith(value),
  endswith: (actual, value) => actual.endsWith(value),
};

// As in OData, null equals only null, and an ordering against null is never true. Strings
// compare by UTF-16 code unit, as OData's gt/lt do; datetimes arrive as dateTimeKey()s.
const COMPARISONS: Record<CompareOperator, (actual: Value, expected: Value) => boolean> = {
  eq: (actual, expected) => actual === expected,
  ne: (actual, expected) => actual !== expected,
  gt: (actual, expected) => ordered(actual, expected, (a, b) => a > b),
  ge: (actual, expected) => ordered(actual, expected, (a, b) => a >= b),
  lt: (actual, expected) => ordered(actual, expected, (a, b) => a < b),
  le: (actual, expected) => ordered(actual, expected, (a, b) => a <= b),
};

function ordered(actual: Value, expected: Value, test: (a: string, b: string) => boolean): boolean {
  return typeof actual === 'string' && typeof expected === 'string' && test(actual, expected);
}

// A value of the wrong type in the data reads as null rather than throwing: the filter was
// type-checked against the declared fields, and one odd item should not fail the whole list.
function reader(operand: Operand): (item: object) => Value {
  const { property, type, fold } = operand;
  switch (type) {
    case 'boolean':
      return (item) => {
        const value = ownValue(item, property);
        return typeof value === 'boolean' ? value : null;
      };
    case 'datetime':
      return (item) => {
        const value = ownValue(item, property);
        return typeof value === 'string' ? (dateTimeKey(value) ?? value) : null;
      };
    case 'string':
      return (item) => {
        const value = ownValue(item, property);
        if (typeof value !== 'string') return null;
        if (fold === 'tolower') return value.toLowerCase();
        if (fold === 'toupper') return value.toUpperCase();
        return value;
      };
  }
}
