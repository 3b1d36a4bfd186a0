import { GraphHttpError } from '../graph/http-error.js';
import { compileFilter } from './filter.js';
import type { FieldTypes } from './filter-syntax.js';

const FIELDS: FieldTypes = {
  id: 'string',
  catalogId: 'string',
  displayName: 'string',
  description: 'string',
  isHidden: 'boolean',
  createdDateTime: 'datetime',
};

const CATALOG = 'aa2f6514-3232-46e7-a08a-2411ad8d7128';
const OTHER_CATALOG = '0e4f6b1c-0000-4000-8000-000000000001';

const ITEMS: Record<string, unknown>[] = [
  {
    id: 'a',
    catalogId: CATALOG,
    displayName: 'Marketing campaign',
    description: 'For the spring launch',
    isHidden: false,
    createdDateTime: '2023-06-01T09:00:00.0000000Z',
  },
  {
    id: 'b',
    catalogId: CATALOG,
    displayName: 'Sales team',
    description: null,
    isHidden: true,
    createdDateTime: '2024-01-01T00:00:00.0000000Z',
  },
  {
    id: 'c',
    catalogId: OTHER_CATALOG,
    displayName: "O'Brien's access",
    isHidden: false,
    createdDateTime: '2024-03-15T12:30:00.5000000Z',
  },
  {
    id: 'd',
    catalogId: OTHER_CATALOG,
    displayName: 'marketing ops',
    description: 'Ops tooling',
    isHidden: false,
    createdDateTime: '2025-01-01T00:00:00.0000000Z',
  },
];

/** The ids of the items a filter keeps, in order. */
function ids(filter: string): string[] {
  const keep = compileFilter(filter, FIELDS);
  return ITEMS.filter(keep).map((item) => item.id as string);
}

function errorOf(filter: string, fields: FieldTypes = FIELDS): GraphHttpError {
  try {
    compileFilter(filter, fields);
  } catch (error) {
    if (error instanceof GraphHttpError) return error;
    throw error;
  }
  throw new Error(`expected ${filter} to be rejected`);
}

/** Asserts the filter is rejected as Graph would, and returns the message for further checks. */
function rejects(filter: string, fields: FieldTypes = FIELDS): string {
  const error = errorOf(filter, fields);
  expect(error.status).toBe(400);
  expect(error.code).toBe('InvalidFilter');
  expect(error.message).toMatch(/^Invalid filter clause: /);
  return error.message;
}

describe('compileFilter comparisons', () => {
  it('compares strings with eq and ne', () => {
    expect(ids("displayName eq 'Sales team'")).toEqual(['b']);
    expect(ids("displayName ne 'Sales team'")).toEqual(['a', 'c', 'd']);
  });

  it('compares strings case-sensitively, as OData does', () => {
    expect(ids("displayName eq 'sales team'")).toEqual([]);
  });

  it('orders strings with gt, ge, lt and le by code unit', () => {
    expect(ids("displayName gt 'Sales team'")).toEqual(['d']);
    expect(ids("displayName ge 'Sales team'")).toEqual(['b', 'd']);
    // Upper case sorts before lower case: 'marketing ops' is after 'Sales team'.
    expect(ids("displayName lt 'Sales team'")).toEqual(['a', 'c']);
    expect(ids("displayName le 'Marketing campaign'")).toEqual(['a']);
  });

  it('compares GUIDs as strings', () => {
    expect(ids(`catalogId eq '${CATALOG}'`)).toEqual(['a', 'b']);
    expect(ids(`catalogId ne '${CATALOG}'`)).toEqual(['c', 'd']);
  });

  it('compares booleans with true and false', () => {
    expect(ids('isHidden eq true')).toEqual(['b']);
    expect(ids('isHidden eq false')).toEqual(['a', 'c', 'd']);
    expect(ids('isHidden ne true')).toEqual(['a', 'c', 'd']);
  });

  it('treats a bare boolean property as a condition', () => {
    expect(ids('isHidden')).toEqual(['b']);
    expect(ids('not isHidden')).toEqual(['a', 'c', 'd']);
  });

  it('matches missing and null values with eq null, and the rest with ne null', () => {
    expect(ids('description eq null')).toEqual(['b', 'c']);
    expect(ids('description ne null')).toEqual(['a', 'd']);
    expect(ids('isHidden eq null')).toEqual([]);
  });

  it('never matches null with an ordering, but null ne a value holds', () => {
    expect(ids("description gt 'A'")).toEqual(['a', 'd']);
    expect(ids("description ne 'Ops tooling'")).toEqual(['a', 'b', 'c']);
  });

  it('compares datetimes given unquoted, as OData writes them', () => {
    expect(ids('createdDateTime gt 2024-01-01T00:00:00Z')).toEqual(['c', 'd']);
    expect(ids('createdDateTime ge 2024-01-01T00:00:00Z')).toEqual(['b', 'c', 'd']);
    expect(ids('createdDateTime lt 2024-01-01T00:00:00Z')).toEqual(['a']);
    expect(ids('createdDateTime le 2024-01-01T00:00:00Z')).toEqual(['a', 'b']);
  });

  it('finds the stored value with eq whatever precision or zone the literal uses', () => {
    expect(ids('createdDateTime eq 2024-01-01T00:00:00Z')).toEqual(['b']);
    expect(ids('createdDateTime eq 2024-01-01T00:00:00.0000000Z')).toEqual(['b']);
    expect(ids('createdDateTime eq 2024-01-01T01:00:00+01:00')).toEqual(['b']);
    expect(ids('createdDateTime eq 2024-03-15T12:30:00.5Z')).toEqual(['c']);
    expect(ids('createdDateTime ne 2024-01-01T00:00Z')).toEqual(['a', 'c', 'd']);
  });

  it('accepts quoted datetimes too', () => {
    expect(ids("createdDateTime gt '2024-01-01T00:00:00Z'")).toEqual(['c', 'd']);
  });
});

describe('compileFilter functions', () => {
  it('supports contains, startswith and endswith on a property', () => {
    expect(ids("contains(displayName,'team')")).toEqual(['b']);
    expect(ids("startswith(displayName, 'Marketing')")).toEqual(['a']);
    expect(ids("endswith(displayName,'ops')")).toEqual(['d']);
  });

  it('matches case-sensitively unless the property is folded', () => {
    expect(ids("contains(displayName,'marketing')")).toEqual(['d']);
    expect(ids("contains(tolower(displayName),'marketing')")).toEqual(['a', 'd']);
    expect(ids("startswith(toupper(displayName),'MARKETING')")).toEqual(['a', 'd']);
  });

  it('is false on null and missing values', () => {
    expect(ids("contains(description,'o')")).toEqual(['a', 'd']);
    expect(ids("not contains(description,'o')")).toEqual(['b', 'c']);
  });

  it('compares a folded property', () => {
    expect(ids("tolower(displayName) eq 'sales team'")).toEqual(['b']);
    expect(ids("toupper(displayName) eq 'SALES TEAM'")).toEqual(['b']);
    expect(ids('tolower(description) eq null')).toEqual(['b', 'c']);
  });

  it('accepts function names in any case', () => {
    expect(ids("Contains(ToLower(displayName),'team')")).toEqual(['b']);
    expect(ids("STARTSWITH(displayName,'Sales')")).toEqual(['b']);
  });

  it('accepts a function result compared with true or false', () => {
    expect(ids("contains(displayName,'team') eq true")).toEqual(['b']);
    expect(ids("contains(displayName,'team') eq false")).toEqual(['a', 'c', 'd']);
    expect(ids("contains(displayName,'team') ne true")).toEqual(['a', 'c', 'd']);
  });

  it('treats an empty search string as matching every text value', () => {
    expect(ids("contains(displayName,'')")).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('compileFilter string literals', () => {
  it("reads '' as one quote", () => {
    expect(ids("displayName eq 'O''Brien''s access'")).toEqual(['c']);
    expect(ids("startswith(displayName,'O''Brien')")).toEqual(['c']);
  });

  it('keeps keywords, parentheses and commas inside quotes as text', () => {
    const keep = compileFilter("displayName eq 'a and (b, c) or not d eq'", FIELDS);
    expect(keep({ displayName: 'a and (b, c) or not d eq' })).toBe(true);
  });

  it('accepts the empty string', () => {
    const keep = compileFilter("displayName eq ''", FIELDS);
    expect(keep({ displayName: '' })).toBe(true);
    expect(keep({ displayName: null })).toBe(false);
  });
});

describe('compileFilter logic', () => {
  it('combines with and, or and not', () => {
    expect(ids(`catalogId eq '${CATALOG}' and isHidden eq false`)).toEqual(['a']);
    expect(ids("displayName eq 'Sales team' or displayName eq 'marketing ops'")).toEqual(['b', 'd']);
    expect(ids(`not (catalogId eq '${CATALOG}')`)).toEqual(['c', 'd']);
  });

  it('binds and tighter than or', () => {
    // a or (b and c): d matches the right side only.
    expect(ids("displayName eq 'Sales team' or isHidden eq false and endswith(displayName,'ops')")).toEqual(['b', 'd']);
    // (a or b) and c.
    expect(ids("(displayName eq 'Sales team' or isHidden eq false) and endswith(displayName,'ops')")).toEqual(['d']);
  });

  it('binds not tighter than and', () => {
    // (not isHidden) and contains(...), not not(isHidden and contains(...)).
    expect(ids("not isHidden and contains(tolower(displayName),'marketing')")).toEqual(['a', 'd']);
    expect(ids("not (isHidden and contains(displayName,'team'))")).toEqual(['a', 'c', 'd']);
  });

  it('applies not to the whole comparison after it', () => {
    expect(ids("not displayName eq 'Sales team'")).toEqual(['a', 'c', 'd']);
    expect(ids('not not isHidden')).toEqual(['b']);
  });

  it('handles nested parentheses and free whitespace', () => {
    expect(ids("  ((( isHidden ))) or\t(((displayName eq 'marketing ops')))  ")).toEqual(['b', 'd']);
    expect(ids("contains( displayName , 'team' )")).toEqual(['b']);
  });

  it('evaluates long chains without nesting', () => {
    const chain = Array.from({ length: 2000 }, (_, i) => `displayName eq 'n${i}'`).join(' or ');
    const keep = compileFilter(chain, FIELDS);
    expect(keep({ displayName: 'n1999' })).toBe(true);
    expect(keep({ displayName: 'n2000' })).toBe(false);
  });

  it('reads values of the wrong type in the data as null instead of failing', () => {
    const keep = compileFilter("displayName eq null or contains(displayName,'x')", FIELDS);
    expect(keep({ displayName: 42 })).toBe(true);
    expect(compileFilter('isHidden eq true', FIELDS)({ isHidden: 'true' })).toBe(false);
  });
});

describe('compileFilter errors', () => {
  it('rejects an empty filter', () => {
    expect(rejects('')).toMatch(/empty/);
    expect(rejects('   ')).toMatch(/empty/);
  });

  it('names an unknown property and lists the supported ones', () => {
    const message = rejects("colour eq 'red'");
    expect(message).toContain("unknown property 'colour' at position 0 in 'colour eq 'red''");
    expect(message).toContain('id, catalogId, displayName, description, isHidden, createdDateTime');
  });

  it('suggests the right case for a property written in another case', () => {
    expect(rejects("DisplayName eq 'x'")).toMatch(/did you mean 'displayName'/);
  });

  it('rejects unknown properties inside functions and navigation paths', () => {
    expect(rejects("contains(colour,'x')")).toMatch(/unknown property 'colour' at position 9/);
    expect(rejects("catalog/displayName eq 'x'")).toMatch(/unknown property 'catalog\/displayName'/);
  });

  it('does not treat inherited object keys as properties', () => {
    expect(rejects("constructor eq 'x'")).toMatch(/unknown property 'constructor'/);
  });

  it('reports an unterminated string with its position', () => {
    const message = rejects("displayName eq 'Sales");
    expect(message).toMatch(/unterminated string at position 15 in 'displayName eq 'Sales'/);
    expect(message).toMatch(/''/);
    expect(rejects("displayName eq 'O''")).toMatch(/unterminated string at position 15/);
  });

  it('rejects double-quoted strings', () => {
    expect(rejects('displayName eq "Sales"')).toMatch(/double quotes .* at position 15.*single quotes/);
  });

  it('names unsupported functions', () => {
    const message = rejects("substringof('Sales',displayName)");
    expect(message).toContain("unsupported function 'substringof' at position 0");
    expect(message).toContain('contains, startswith, endswith, tolower, toupper');
    expect(rejects('length(displayName) eq 5')).toMatch(/unsupported function 'length'/);
    expect(rejects("contains(trim(displayName),'x')")).toMatch(/unsupported function 'trim'/);
  });

  it('rejects comparing a boolean with a string', () => {
    const message = rejects("isHidden eq 'true'");
    expect(message).toContain("comparing boolean 'isHidden' with the text 'true' at position 12");
    expect(message).toContain('isHidden eq true');
  });

  it('rejects ordering booleans', () => {
    expect(rejects('isHidden gt false')).toMatch(/only be compared with eq or ne, not gt/);
  });

  it('rejects comparing a string with an unquoted value', () => {
    expect(rejects('displayName eq Sales')).toMatch(
      /comparing text displayName with 'Sales' at position 15.*single quotes/,
    );
    expect(rejects('displayName eq 5')).toMatch(/comparing text displayName with '5'/);
    expect(rejects('displayName eq true')).toMatch(/comparing text displayName with the boolean true/);
    expect(rejects(`catalogId eq ${CATALOG}`)).toMatch(/comparing text catalogId/);
  });

  it('rejects invalid datetimes', () => {
    expect(rejects('createdDateTime gt 2024-13-01T00:00:00Z')).toMatch(
      /comparing datetime 'createdDateTime' with '2024-13-01T00:00:00Z' at position 19.*not a valid date/,
    );
    expect(rejects("createdDateTime gt 'yesterday'")).toMatch(/not a valid date/);
    expect(rejects('createdDateTime gt 2024-01-01')).toMatch(/not a valid date/);
    expect(rejects('createdDateTime gt true')).toMatch(/not a valid date/);
    expect(rejects('createdDateTime gt 2024-01-01T01:00:00 01:00')).toMatch(/Give a zone: .*%2B01:00/);
  });

  it('rejects comparing two properties', () => {
    expect(rejects('displayName eq description')).toMatch(/with the property 'description'/);
  });

  it('rejects ordering against null', () => {
    expect(rejects('displayName gt null')).toMatch(/null can only be compared with eq or ne, not gt/);
  });

  it('rejects functions on non-text properties', () => {
    expect(rejects("contains(isHidden,'t')")).toMatch(
      /contains works on text, but 'isHidden' at position 9 .* is a boolean property/,
    );
    expect(rejects("tolower(createdDateTime) eq '2024'")).toMatch(/tolower works on text/);
  });

  it('rejects malformed function calls', () => {
    expect(rejects('contains(displayName)')).toMatch(/unexpected '\)' at position 20.*two arguments/);
    expect(rejects('contains(displayName,5)')).toMatch(/second argument of contains must be text/);
    expect(rejects("contains('x',displayName)")).toMatch(/first argument of contains must be a property/);
    expect(rejects("contains(displayName,'x'")).toMatch(/ends too early/);
    expect(rejects("tolower('X') eq 'x'")).toMatch(/tolower takes a property name/);
    expect(rejects("contains(displayName,'x') eq 'yes'")).toMatch(/compared with true or false/);
  });

  it('rejects a text property used as a condition', () => {
    expect(rejects('displayName')).toMatch(/'displayName' is a string property, not a condition/);
    expect(rejects('tolower(displayName) and isHidden')).toMatch(/not a condition/);
  });

  it('names unsupported operators', () => {
    expect(rejects("catalogId in ('a','b')")).toMatch(/unsupported operator 'in' at position 10/);
    expect(rejects("displayName has 'x'")).toMatch(/unsupported operator 'has'/);
  });

  it('points at unexpected tokens', () => {
    expect(rejects("displayName eq 'a' 'b'")).toMatch(/unexpected text 'b' at position 19/);
    expect(rejects('isHidden and')).toMatch(/ends too early at position 12/);
    expect(rejects('(isHidden')).toMatch(/ends too early.*Close the parenthesis opened at position 0/);
    expect(rejects('isHidden)')).toMatch(/unexpected '\)' at position 8/);
    expect(rejects('and isHidden')).toMatch(/unexpected 'and' at position 0/);
    expect(rejects('()')).toMatch(/unexpected '\)' at position 1/);
    expect(rejects('displayName eq')).toMatch(/ends after 'eq'/);
    expect(rejects('isHidden # x')).toMatch(/unexpected character '#' at position 9/);
  });

  it('says operators and keywords are lowercase', () => {
    expect(rejects("displayName EQ 'x'")).toMatch(/unexpected 'EQ'.*write 'eq'/);
    expect(rejects('isHidden AND isHidden')).toMatch(/write 'and'/);
  });

  it('rejects nesting too deep to be a real filter', () => {
    expect(rejects(`${'('.repeat(500)}isHidden${')'.repeat(500)}`)).toMatch(/nests .* more than 100 deep/);
    expect(rejects(`${'not '.repeat(500)}isHidden`)).toMatch(/more than 100 deep/);
  });

  it('says when no property is filterable', () => {
    expect(rejects("displayName eq 'x'", {})).toMatch(/Filter on one of: \(none\)/);
  });
});
