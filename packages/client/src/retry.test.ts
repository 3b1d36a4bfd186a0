import { backoffDelay, mayRetryStatus, parseRetryAfter, resolveRetry } from './retry.js';

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('3')).toBe(3000);
  });
  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('Sat, 28 Nov 2026 10:00:00 GMT');
    expect(parseRetryAfter('Sat, 28 Nov 2026 10:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const options = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1000 });
  it('doubles each retry, with half of it jittered', () => {
    expect(backoffDelay(1, options, () => 0)).toBe(50);
    expect(backoffDelay(1, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 0)).toBe(200);
    expect(backoffDelay(3, options, () => 1)).toBe(400);
  });
  it('never passes maxDelayMs', () => {
    expect(backoffDelay(20, options, () => 1)).toBe(1000);
  });
});

describe('mayRetryStatus', () => {
  it.each([
    [429, 'GET', undefined, true],
    [503, 'GET', undefined, true],
    [504, 'DELETE', undefined, true],
    [500, 'GET', 1000, false],
    [502, 'GET', undefined, false],
    [429, 'POST', 1000, true],
    [503, 'PATCH', 0, true],
    [429, 'POST', undefined, false],
    [504, 'POST', 1000, false],
    [404, 'GET', undefined, false],
  ])('%i on %s with Retry-After %p -> %p', (status, method, retryAfter, expected) => {
    expect(mayRetryStatus(status, method, retryAfter)).toBe(expected);
  });
});

it('retry: false turns retries off', () => {
  expect(resolveRetry(false).maxRetries).toBe(0);
});
