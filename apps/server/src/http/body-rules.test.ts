import { jsonBoundProblem, MAX_BODY_DEPTH, MAX_BODY_MEMBERS } from './body-rules.js';

const scan = (text: string) => jsonBoundProblem(Buffer.from(text));

describe('jsonBoundProblem', () => {
  it('counts properties and array items, not what strings hold', () => {
    const members = (n: number) => `{${Array.from({ length: n }, (_, i) => `"p${i}":"a,b:[{\\"}"`).join(',')}}`;
    expect(scan(members(MAX_BODY_MEMBERS))).toBeUndefined();
    expect(scan(members(MAX_BODY_MEMBERS + 1))).toMatch(/more than 1000 properties and array items/);
    expect(scan(`[${Array(MAX_BODY_MEMBERS).fill('0').join(',')}]`)).toBeUndefined();
    expect(
      scan(
        `[${Array(MAX_BODY_MEMBERS + 1)
          .fill('0')
          .join(' , ')}]`,
      ),
    ).toMatch(/more than 1000/);
    expect(scan('[[], [ ], {}, ""]')).toBeUndefined();
  });

  it('stops at the first level past the depth bound, however deep the rest goes', () => {
    expect(scan(`${'['.repeat(MAX_BODY_DEPTH)}${']'.repeat(MAX_BODY_DEPTH)}`)).toBeUndefined();
    expect(scan(`${'{"a":'.repeat(MAX_BODY_DEPTH + 1)}1${'}'.repeat(MAX_BODY_DEPTH + 1)}`)).toMatch(
      /deeper than 16 levels/,
    );
    expect(scan('['.repeat(1_000_000))).toMatch(/deeper than 16 levels/);
  });

  it('leaves malformed JSON to the parser', () => {
    expect(scan('{')).toBeUndefined();
    expect(scan('"unterminated')).toBeUndefined();
    expect(scan(']]]}}}')).toBeUndefined();
  });
});
