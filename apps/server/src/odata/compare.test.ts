import { compareValues } from './compare.js';

describe('compareValues', () => {
  it('puts null and undefined first, tied with each other', () => {
    expect(compareValues(null, 'a')).toBeLessThan(0);
    expect(compareValues('a', undefined)).toBeGreaterThan(0);
    expect(compareValues(null, undefined)).toBe(0);
    expect(compareValues(null, false)).toBeLessThan(0);
  });

  it('compares strings ignoring case but not accents', () => {
    expect(compareValues('apple', 'Banana')).toBeLessThan(0);
    expect(compareValues('SALES', 'sales')).toBe(0);
    expect(compareValues('e', 'é')).not.toBe(0);
  });

  it('orders ISO timestamps of one format by instant', () => {
    expect(compareValues('2024-01-01T00:00:00.0000000Z', '2024-01-01T00:00:00.0000001Z')).toBeLessThan(0);
    expect(compareValues('2023-12-31T23:59:59.9999999Z', '2024-01-01T00:00:00.0000000Z')).toBeLessThan(0);
  });

  it('compares numbers numerically and booleans false first', () => {
    expect(compareValues(9, 10)).toBeLessThan(0);
    expect(compareValues(true, false)).toBeGreaterThan(0);
  });

  it('gives mixed types a fixed order', () => {
    expect(compareValues(true, 1)).toBeLessThan(0);
    expect(compareValues(1, 'a')).toBeLessThan(0);
    expect(compareValues('a', {})).toBeLessThan(0);
  });
});
