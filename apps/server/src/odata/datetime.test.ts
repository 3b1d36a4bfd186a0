import { dateTimeKey } from './datetime.js';

describe('dateTimeKey', () => {
  it("normalizes Graph's seven-digit UTC format", () => {
    expect(dateTimeKey('2021-11-10T01:10:09.5220119Z')).toBe('2021-11-10T01:10:09.522011900000Z');
  });

  it('gives equal keys to equal instants written differently', () => {
    const keys = ['2024-01-01T00:00:00Z', '2024-01-01T00:00Z', '2024-01-01T00:00:00.000Z', '2024-01-01T02:00:00+02:00'];
    expect(new Set(keys.map(dateTimeKey))).toEqual(new Set(['2024-01-01T00:00:00.000000000000Z']));
  });

  it('crosses day and year boundaries when applying an offset', () => {
    expect(dateTimeKey('2023-12-31T20:30:00-04:00')).toBe('2024-01-01T00:30:00.000000000000Z');
    expect(dateTimeKey('2024-01-01T00:30:00+01:00')).toBe('2023-12-31T23:30:00.000000000000Z');
  });

  it('orders keys by instant when compared as strings', () => {
    const earlier = dateTimeKey('2024-01-01T00:00:00.9Z') as string;
    const later = dateTimeKey('2024-01-01T00:00:01Z') as string;
    expect(earlier < later).toBe(true);
  });

  it('keeps years before 100 as written', () => {
    expect(dateTimeKey('0001-01-01T00:00:00Z')).toBe('0001-01-01T00:00:00.000000000000Z');
  });

  it.each([
    '2024-01-01',
    '2024-01-01T00:00:00',
    '2024-13-01T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:60:00Z',
    '2024-01-01T00:00:60Z',
    '2024-01-01T00:00:00.1234567890123Z',
    '2024-01-01T00:00:00+2:00',
    '2024-1-01T00:00:00Z',
    ' 2024-01-01T00:00:00Z',
    'yesterday',
    '',
  ])('rejects %j', (text) => {
    expect(dateTimeKey(text)).toBeUndefined();
  });

  it('accepts the leap day of a leap year', () => {
    expect(dateTimeKey('2024-02-29T00:00:00Z')).toBe('2024-02-29T00:00:00.000000000000Z');
    expect(dateTimeKey('2000-02-29T00:00:00Z')).toBeDefined();
    expect(dateTimeKey('1900-02-29T00:00:00Z')).toBeUndefined();
  });
});
