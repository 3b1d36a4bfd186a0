import { addDuration, createClock, createTenantClocks } from './clock.js';
import { LAST_GRAPH_INSTANT, parseInstant } from './timestamps.js';

const at = (iso: string) => new Date(iso);
const plus = (iso: string, duration: string) => addDuration(at(iso), duration)?.toISOString();

describe('addDuration adds an ISO 8601 duration as Graph (a .NET service) does', () => {
  it('adds days, weeks and time exactly', () => {
    expect(plus('2030-01-01T00:00:00.000Z', 'P30D')).toBe('2030-01-31T00:00:00.000Z');
    expect(plus('2030-01-01T00:00:00.000Z', 'P2W')).toBe('2030-01-15T00:00:00.000Z');
    expect(plus('2030-01-01T00:00:00.000Z', 'PT1H30M1.5S')).toBe('2030-01-01T01:30:01.500Z');
  });

  it('adds months and years by the calendar, a day past the month’s end becoming its last (AddMonths)', () => {
    expect(plus('2031-01-31T10:30:00.000Z', 'P1M')).toBe('2031-02-28T10:30:00.000Z');
    expect(plus('2032-01-31T10:30:00.000Z', 'P1M')).toBe('2032-02-29T10:30:00.000Z');
    expect(plus('2032-02-29T23:59:59.500Z', 'P1Y')).toBe('2033-02-28T23:59:59.500Z');
    expect(plus('2031-03-31T00:00:00.000Z', 'P1Y1M')).toBe('2032-04-30T00:00:00.000Z');
    expect(plus('2030-05-15T00:00:00.000Z', 'P1M1D')).toBe('2030-06-16T00:00:00.000Z');
  });

  it('answers undefined for what is no duration, and for a result past 9999-12-31 (no date Graph can write)', () => {
    expect(addDuration(at('2030-01-01T00:00:00Z'), 'P')).toBeUndefined();
    expect(addDuration(at('2030-01-01T00:00:00Z'), '30D')).toBeUndefined();
    expect(addDuration(at('2030-01-01T00:00:00Z'), 'P300000Y')).toBeUndefined();
    expect(addDuration(at('2030-01-01T00:00:00Z'), 'PT99999999999999S')).toBeUndefined();
    expect(addDuration(at('2030-01-01T00:00:00Z'), 'P7970Y')).toBeUndefined();
    expect(addDuration(at('9999-12-01T00:00:00Z'), 'P31D')).toBeUndefined();
    expect(addDuration(at('9999-12-01T00:00:00Z'), 'P30D')?.toISOString()).toBe('9999-12-31T00:00:00.000Z');
    expect(addDuration(new Date(LAST_GRAPH_INSTANT), 'PT0S')?.getTime()).toBe(LAST_GRAPH_INSTANT);
  });
});

describe('a frozen clock', () => {
  it('stands still until it is moved, and a reset brings it back to where it was frozen', async () => {
    const clock = createClock({ frozenAt: at('2030-01-01T00:00:00Z') });
    expect(clock.frozen).toBe(true);
    const first = clock.now().getTime();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(clock.now().getTime()).toBe(first);
    clock.advance(1000);
    expect(clock.now().toISOString()).toBe('2030-01-01T00:00:01.000Z');
    clock.set(at('2031-06-01T12:00:00Z'));
    expect(clock.now().toISOString()).toBe('2031-06-01T12:00:00.000Z');
    const generation = clock.generation;
    clock.reset();
    expect(clock.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(clock.generation).toBeGreaterThan(generation);
  });

  it('a running clock follows the machine’s, shifted', () => {
    const clock = createClock();
    expect(clock.frozen).toBe(false);
    clock.advance(86_400_000);
    expect(Math.abs(clock.now().getTime() - Date.now() - 86_400_000)).toBeLessThan(1000);
    expect(Math.round(clock.offsetMs / 1000)).toBe(86_400);
  });
});

describe('a clock per tenant', () => {
  const frozen = () => createTenantClocks(createClock({ frozenAt: at('2030-01-01T00:00:00Z') }));

  it("moves one tenant's time, and the stub's moves every tenant's", () => {
    const clocks = frozen();
    const [a, b] = [clocks.of('a'), clocks.of('b')];
    a.advance(86_400_000);
    expect(a.now().toISOString()).toBe('2030-01-02T00:00:00.000Z');
    expect(b.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');
    clocks.stub.advance(3_600_000);
    expect([a.now().toISOString(), b.now().toISOString()]).toEqual([
      '2030-01-02T01:00:00.000Z',
      '2030-01-01T01:00:00.000Z',
    ]);
    expect(a.offsetMs - clocks.stub.offsetMs).toBe(24 * 3_600_000);
    b.set(at('2031-06-01T00:00:00Z'));
    expect(b.now().toISOString()).toBe('2031-06-01T00:00:00.000Z');
    a.reset();
    expect(a.now().toISOString()).toBe(clocks.stub.now().toISOString());
    expect(
      clocks
        .moved()
        .map(([tenantId]) => tenantId)
        .sort(),
    ).toEqual(['b']);
  });

  it("changes a tenant's generation whenever its time or the stub's moves, and never back to an old one", () => {
    const clocks = frozen();
    const a = clocks.of('a');
    const seen = new Set([a.generation]);
    const step = (move: () => void) => {
      move();
      expect(seen.has(a.generation)).toBe(false);
      seen.add(a.generation);
    };
    step(() => a.advance(1));
    step(() => clocks.stub.advance(1));
    step(() => a.invalidate());
    step(() => clocks.forgetAll());
    step(() => a.advance(1));
    step(() => clocks.forgetAll());
    const other = clocks.of('b').generation;
    clocks.of('b').advance(1);
    expect(clocks.of('b').generation).not.toBe(other);
    expect(clocks.of('b').frozen).toBe(true);
  });

  it('puts every tenant back on the stub clock after forgetAll', () => {
    const clocks = frozen();
    clocks.of('a').advance(5000);
    clocks.forgetAll();
    expect(clocks.of('a').now().getTime()).toBe(clocks.stub.now().getTime());
    expect(clocks.moved()).toEqual([]);
  });
});

describe('parseInstant', () => {
  it('reads ISO 8601 times with their zone', () => {
    expect(parseInstant('2030-01-01T00:00:00Z')?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(parseInstant('2030-01-01T01:00+01:00')?.toISOString()).toBe('2030-01-01T00:00:00.000Z');
    expect(parseInstant('2024-02-29T12:00:00.5Z')?.toISOString()).toBe('2024-02-29T12:00:00.500Z');
    expect(parseInstant('9999-12-31T23:59:59Z')?.toISOString()).toBe('9999-12-31T23:59:59.000Z');
  });

  it('refuses times of no real day or hour, without a zone, or past what Graph writes', () => {
    for (const text of [
      '2024-02-30T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-04-31T00:00:00Z',
      '2024-13-01T00:00:00Z',
      '2024-00-10T00:00:00Z',
      '2024-01-00T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T10:60:00Z',
      '2024-01-01T10:00:60Z',
      '2024-01-01T10:00:00+15:00',
      '2024-01-01T10:00:00+01:60',
      '2024-01-01T10:00:00',
      '2024-01-01',
      '9999-12-31T23:59:59-01:00',
      'soon',
    ]) {
      expect([text, parseInstant(text)]).toEqual([text, undefined]);
    }
  });
});
