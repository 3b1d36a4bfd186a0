import { GraphHttpError } from '../graph/http-error.js';
import { readQueryOptions } from './query-options.js';

function rejection(query: Record<string, unknown>): GraphHttpError {
  try {
    readQueryOptions(query);
  } catch (error) {
    if (error instanceof GraphHttpError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(query)} to be rejected`);
}

function rejects(query: Record<string, unknown>): string {
  const error = rejection(query);
  expect(error.status).toBe(400);
  expect(error.code).toBe('BadRequest');
  return error.message;
}

describe('readQueryOptions', () => {
  it('returns nothing for an empty query and ignores other parameters', () => {
    expect(readQueryOptions({})).toEqual({});
    expect(readQueryOptions({ api: 'x', $search: 'y', $skip: '2' })).toEqual({});
  });

  it('reads every option with its $', () => {
    expect(
      readQueryOptions({
        $select: 'id,displayName',
        $filter: "displayName eq 'x'",
        $orderby: 'displayName desc',
        $top: '5',
        $skiptoken: 'abc',
        $count: 'true',
        $expand: 'catalog',
      }),
    ).toEqual({
      select: 'id,displayName',
      filter: "displayName eq 'x'",
      orderby: 'displayName desc',
      top: 5,
      skiptoken: 'abc',
      count: true,
      expand: 'catalog',
    });
  });

  it('reads every option without its $, as beta allows', () => {
    expect(
      readQueryOptions({
        select: 'id',
        filter: 'isHidden',
        orderby: 'displayName',
        top: '7',
        skiptoken: 't',
        count: 'false',
        expand: 'catalog',
      }),
    ).toEqual({
      select: 'id',
      filter: 'isHidden',
      orderby: 'displayName',
      top: 7,
      skiptoken: 't',
      count: false,
      expand: 'catalog',
    });
  });

  it('treats option names case-insensitively', () => {
    expect(readQueryOptions({ $Filter: 'isHidden', TOP: '3' })).toEqual({ filter: 'isHidden', top: 3 });
  });

  it('accepts values a validator already coerced', () => {
    expect(readQueryOptions({ $top: 10, $count: true })).toEqual({ top: 10, count: true });
    expect(readQueryOptions({ $count: false, $filter: 5 })).toEqual({ count: false, filter: '5' });
  });

  it('keeps empty text for the option parsers to judge', () => {
    expect(readQueryOptions({ $filter: '', $select: '' })).toEqual({ filter: '', select: '' });
  });

  it('accepts both spellings, or a repeat, with the same value', () => {
    expect(readQueryOptions({ $filter: 'isHidden', filter: 'isHidden' })).toEqual({ filter: 'isHidden' });
    expect(readQueryOptions({ $top: 5, top: '5' })).toEqual({ top: 5 });
    expect(readQueryOptions({ $select: ['id', 'id'] })).toEqual({ select: 'id' });
  });

  it('rejects both spellings with different values, saying which', () => {
    const message = rejects({ $filter: 'isHidden', filter: 'not isHidden' });
    expect(message).toBe(
      "The query option '$filter' is given more than once with different values ($filter=isHidden, filter=not isHidden). Give it once.",
    );
    expect(rejects({ $top: 5, top: '6' })).toMatch(/'\$top' is given more than once/);
  });

  it('rejects a repeated option with different values', () => {
    expect(rejects({ $orderby: ['displayName', 'createdDateTime'] })).toMatch(/'\$orderby' is given more than once/);
  });

  it.each([['0'], ['1000'], ['-1'], ['abc'], ['5.5'], [''], ['1e2'], [0], [1000], [2.5], [true], [{ a: 1 }]])(
    'rejects $top=%j',
    (top) => {
      expect(rejects({ $top: top })).toMatch(
        /^The query option '\$top' must be a whole number from 1 to 999, but was '/,
      );
    },
  );

  it('accepts $top at the bounds, written in digits only', () => {
    expect(readQueryOptions({ $top: '1' }).top).toBe(1);
    expect(readQueryOptions({ $top: '999' }).top).toBe(999);
    expect(readQueryOptions({ $top: '042' }).top).toBe(42);
    // Issue 11: padding, signs and other notations are refused rather than read as numbers.
    for (const top of [' 42 ', '+5', '0x10', '1e2']) expect(rejects({ top })).toMatch(/must be a whole number/);
  });

  it('points at nextLink when $top is too large', () => {
    expect(rejects({ top: '5000' })).toMatch(
      /'top' must be .* but was '5000'\. For more items, follow @odata\.nextLink/,
    );
  });

  it.each([['yes'], ['1'], ['TRUE'], [''], [1]])('rejects $count=%j', (count) => {
    expect(rejects({ $count: count })).toMatch(/^The query option '\$count' must be true or false, but was '/);
  });

  it('rejects structured values where text is expected', () => {
    expect(rejects({ filter: { displayName: 'x' } })).toMatch(
      /'filter' must be plain text, but was \{"displayName":"x"\}/,
    );
  });
});
