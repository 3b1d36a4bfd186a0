import type { GraphHttpError } from '../graph/http-error.js';
import { dateTimeKey } from './datetime.js';
import { at, invalidFilter } from './filter-error.js';
import type {
  CaseFold,
  CompareOperator,
  Condition,
  FieldType,
  FieldTypes,
  Literal,
  MatchFunction,
  Operand,
} from './filter-syntax.js';
import { type Token, tokenize } from './filter-tokens.js';

const COMPARE_OPERATORS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] satisfies CompareOperator[];
const MATCH_FUNCTIONS: readonly string[] = ['contains', 'startswith', 'endswith'] satisfies MatchFunction[];
const CASE_FOLDS: readonly string[] = ['tolower', 'toupper'] satisfies CaseFold[];
const SUPPORTED_FUNCTIONS = [...MATCH_FUNCTIONS, ...CASE_FOLDS].join(', ');
// Valid OData the stub does not implement; naming them beats calling them unexpected.
const OTHER_OPERATORS = ['has', 'in', 'add', 'sub', 'mul', 'div', 'divby', 'mod'];
const KEYWORDS = ['and', 'or', 'not', 'true', 'false', 'null', ...COMPARE_OPERATORS, ...OTHER_OPERATORS];
// Deep enough for any real filter, shallow enough that recursion cannot exhaust the stack.
const MAX_DEPTH = 100;

/**
 * Parses and type-checks a $filter against the properties the caller allows, so that every
 * mistake is reported before any item is looked at. Throws GraphHttpError 400 InvalidFilter.
 */
export function parseFilter(text: string, fields: FieldTypes): Condition {
  if (text.trim() === '') {
    throw invalidFilter(
      "the filter is empty. Write a condition such as displayName eq 'Sales', or leave out $filter to list everything.",
    );
  }
  return new Parser(text, fields).parse();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly fields: FieldTypes,
  ) {
    this.tokens = tokenize(text);
  }

  parse(): Condition {
    const condition = this.or();
    const rest = this.peek();
    if (rest.kind !== 'end') {
      throw this.unexpected(rest, 'Join conditions with and / or, and balance the parentheses.');
    }
    return condition;
  }

  private or(): Condition {
    const operands = [this.and()];
    while (this.atWord('or')) {
      this.next();
      operands.push(this.and());
    }
    return operands.length === 1 && operands[0] ? operands[0] : { kind: 'or', operands };
  }

  private and(): Condition {
    const operands = [this.not()];
    while (this.atWord('and')) {
      this.next();
      operands.push(this.not());
    }
    return operands.length === 1 && operands[0] ? operands[0] : { kind: 'and', operands };
  }

  // `not` takes the whole comparison after it (`not displayName eq 'x'`), which is what people mean;
  // strict OData would apply it to `displayName` alone and reject the filter.
  private not(): Condition {
    const token = this.peek();
    if (token.kind === 'word' && token.text === 'not') {
      this.next();
      return this.nested(token, () => ({ kind: 'not', operand: this.not() }));
    }
    return this.primary();
  }

  private primary(): Condition {
    const token = this.peek();
    if (token.kind === '(') {
      this.next();
      return this.nested(token, () => {
        const inner = this.or();
        this.expect(')', `Close the parenthesis opened at position ${token.pos}.`);
        return inner;
      });
    }
    if (token.kind === 'word' && this.peek(1).kind === '(') return this.call();
    if (token.kind === 'word' && !KEYWORDS.includes(token.text)) return this.afterOperand(this.property());
    throw this.unexpected(
      token,
      "Expected a condition, such as displayName eq 'Sales' or contains(displayName,'Sales').",
    );
  }

  private call(): Condition {
    const name = this.peek();
    const fn = name.text.toLowerCase();
    if (CASE_FOLDS.includes(fn)) return this.afterOperand(this.caseFold());
    if (!MATCH_FUNCTIONS.includes(fn)) throw this.unsupportedFunction(name);
    this.next();
    this.expect('(', '');
    const target = this.functionArgument(fn);
    this.expect(',', `${fn} takes two arguments: ${fn}(displayName,'text').`);
    const value = this.next();
    if (value.kind !== 'string') {
      throw invalidFilter(
        `the second argument of ${fn} must be text in single quotes, but found ${describe(value)} ${at(value.pos, this.text)}. Write ${fn}(${target.property},'text').`,
      );
    }
    this.expect(')', `${fn} takes two arguments: ${fn}(${target.property},'text').`);
    const match: Condition = { kind: 'match', function: fn as MatchFunction, target, value: value.value };
    return this.comparedWithBoolean(match);
  }

  // `contains(displayName,'x') eq true` is valid OData; fold it back into the plain condition.
  private comparedWithBoolean(condition: Condition): Condition {
    const operator = this.peek();
    if (operator.kind !== 'word' || (operator.text !== 'eq' && operator.text !== 'ne')) return condition;
    this.next();
    const value = this.next();
    if (value.kind !== 'word' || (value.text !== 'true' && value.text !== 'false')) {
      throw invalidFilter(
        `a function's result can only be compared with true or false, but found ${describe(value)} ${at(value.pos, this.text)}.`,
      );
    }
    const wantTrue = (operator.text === 'eq') === (value.text === 'true');
    return wantTrue ? condition : { kind: 'not', operand: condition };
  }

  private functionArgument(fn: string): Operand {
    const token = this.peek();
    if (token.kind === 'word' && this.peek(1).kind === '(') {
      if (!CASE_FOLDS.includes(token.text.toLowerCase())) throw this.unsupportedFunction(token);
      return this.caseFold();
    }
    if (token.kind !== 'word') {
      throw invalidFilter(
        `the first argument of ${fn} must be a property name, but found ${describe(token)} ${at(token.pos, this.text)}. Write ${fn}(displayName,'text').`,
      );
    }
    return this.stringOperand(this.property(), fn, token.pos);
  }

  private caseFold(): Operand {
    const name = this.next();
    const fold = name.text.toLowerCase() as CaseFold;
    this.expect('(', '');
    const token = this.peek();
    if (token.kind !== 'word') {
      throw invalidFilter(
        `${fold} takes a property name, but found ${describe(token)} ${at(token.pos, this.text)}. Write ${fold}(displayName).`,
      );
    }
    const operand = this.stringOperand(this.property(), fold, token.pos);
    this.expect(')', `${fold} takes one property: ${fold}(${operand.property}).`);
    return { ...operand, fold };
  }

  private stringOperand(operand: Operand, fn: string, pos: number): Operand {
    if (operand.type !== 'string') {
      throw invalidFilter(
        `${fn} works on text, but '${operand.property}' ${at(pos, this.text)} is a ${operand.type} property. Use ${fn} only with text properties such as ${this.namesOf('string') || 'none here'}.`,
      );
    }
    return operand;
  }

  private property(): Operand {
    const token = this.next();
    const caseless = Object.keys(this.fields).find((name) => name.toLowerCase() === token.text.toLowerCase());
    // A path through a navigation property is matched regardless of case: Microsoft's tutorial filters on
    // `accessPackageAssignmentPolicy/Id`, its docs on `target/objectid`, and Graph takes both.
    if (token.kind === 'word' && token.text.includes('/') && caseless !== undefined) {
      return { property: caseless, type: this.fields[caseless] as Operand['type'] };
    }
    const type = Object.hasOwn(this.fields, token.text) ? this.fields[token.text] : undefined;
    if (token.kind !== 'word' || type === undefined) {
      const hint = caseless ? ` Property names are case-sensitive: did you mean '${caseless}'?` : '';
      throw invalidFilter(
        `unknown property '${token.text}' ${at(token.pos, this.text)}.${hint} Filter on one of: ${this.namesOf() || '(none)'}.`,
      );
    }
    return { property: token.text, type };
  }

  private afterOperand(operand: Operand): Condition {
    const operator = this.peek();
    if (operator.kind === 'word' && COMPARE_OPERATORS.includes(operator.text)) {
      this.next();
      return this.comparison(operand, operator.text as CompareOperator, this.next());
    }
    if (operator.kind === 'word' && OTHER_OPERATORS.includes(operator.text)) {
      throw invalidFilter(
        `unsupported operator '${operator.text}' ${at(operator.pos, this.text)}. Use ${COMPARE_OPERATORS.join(', ')}, combined with and, or, not.`,
      );
    }
    if (operand.type === 'boolean' && !operand.fold) return { kind: 'isTrue', property: operand.property };
    const example = operand.type === 'datetime' ? '2024-01-01T00:00:00Z' : "'Sales'";
    throw this.unexpected(
      operator,
      `'${operand.property}' is a ${operand.type} property, not a condition: compare it, e.g. ${operand.property} eq ${example}.`,
    );
  }

  private comparison(left: Operand, operator: CompareOperator, value: Token): Condition {
    const right = this.literal(left, operator, value);
    return { kind: 'compare', operator, left, right };
  }

  private literal(left: Operand, operator: CompareOperator, token: Token): Literal {
    const where = at(token.pos, this.text);
    const name = left.fold ? `${left.fold}(${left.property})` : left.property;
    if (token.kind === 'word' && token.text === 'null') {
      if (operator === 'eq' || operator === 'ne') return { type: 'null' };
      throw invalidFilter(`null can only be compared with eq or ne, not ${operator}, ${where}.`);
    }
    if (token.kind === 'end') {
      throw invalidFilter(`the filter ends after '${operator}' ${where}. Give the value to compare ${name} with.`);
    }
    if (token.kind === 'word' && Object.hasOwn(this.fields, token.text)) {
      throw invalidFilter(
        `comparing ${name} with the property '${token.text}' ${where}. Compare a property with a literal value instead.`,
      );
    }
    switch (left.type) {
      case 'string':
        if (token.kind === 'string') return { type: 'string', value: token.value };
        throw invalidFilter(
          `comparing text ${name} with ${describe(token)} ${where}. Put text in single quotes, e.g. ${name} ${operator} 'Sales'.`,
        );
      case 'boolean':
        if (operator !== 'eq' && operator !== 'ne') {
          throw invalidFilter(`boolean '${name}' can only be compared with eq or ne, not ${operator}, ${where}.`);
        }
        if (token.kind === 'word' && (token.text === 'true' || token.text === 'false')) {
          return { type: 'boolean', value: token.text === 'true' };
        }
        throw invalidFilter(
          `comparing boolean '${name}' with ${describe(token)} ${where}. Compare it with true or false, without quotes: ${name} ${operator} true.`,
        );
      case 'datetime': {
        const key = token.kind === 'bare' || token.kind === 'string' ? dateTimeKey(token.value) : undefined;
        if (key !== undefined) return { type: 'datetime', value: key };
        // A query string turns an unescaped `+01:00` into a space, leaving a datetime without a zone.
        const zoneHint = /T[\d:.]+$/.test(token.value)
          ? ' Give a zone: end with Z, or with an offset such as %2B01:00 (a + in a URL reads as a space).'
          : '';
        throw invalidFilter(
          `comparing datetime '${name}' with ${describe(token)} ${where}, which is not a valid date and time.${zoneHint} Write an ISO 8601 UTC value such as ${name} ${operator} 2024-01-01T00:00:00Z.`,
        );
      }
    }
  }

  private nested<T>(token: Token, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw invalidFilter(
        `the filter nests parentheses or not more than ${MAX_DEPTH} deep ${at(token.pos, this.text)}. Simplify it.`,
      );
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private expect(kind: Token['kind'], hint: string): void {
    const token = this.next();
    if (token.kind !== kind) throw this.unexpected(token, `Expected '${kind}'. ${hint}`.trim());
  }

  private peek(ahead = 0): Token {
    const last = this.tokens[this.tokens.length - 1] as Token;
    return this.tokens[this.index + ahead] ?? last;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private atWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text === word;
  }

  private namesOf(type?: FieldType): string {
    return Object.keys(this.fields)
      .filter((name) => type === undefined || this.fields[name] === type)
      .join(', ');
  }

  private unsupportedFunction(token: Token): GraphHttpError {
    return invalidFilter(
      `unsupported function '${token.text}' ${at(token.pos, this.text)}. Supported functions: ${SUPPORTED_FUNCTIONS}.`,
    );
  }

  private unexpected(token: Token, expectation: string): GraphHttpError {
    if (token.kind === 'end') {
      return invalidFilter(`the filter ends too early ${at(token.pos, this.text)}. ${expectation}`);
    }
    const lower = token.text.toLowerCase();
    const caseHint =
      token.kind === 'word' && lower !== token.text && KEYWORDS.includes(lower)
        ? ` Operators and keywords are lowercase: write '${lower}'.`
        : '';
    // "unexpected text 'b'" reads better than "unexpected the text 'b'".
    const what = describe(token).replace(/^the /, '');
    return invalidFilter(`unexpected ${what} ${at(token.pos, this.text)}.${caseHint} ${expectation}`);
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'string':
      return `the text ${token.text}`;
    case 'end':
      return 'nothing';
    case 'word':
      if (token.text === 'true' || token.text === 'false') return `the boolean ${token.text}`;
      return `'${token.text}'`;
    default:
      return `'${token.text}'`;
  }
}
