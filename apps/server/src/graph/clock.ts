import { daysInMonth, isGraphInstant, LAST_GRAPH_INSTANT } from './timestamps.js';

/**
 * The stub's time. Deliveries, schedules and expiry read it, so a test can move it (`POST /_stub/clock`)
 * and see a 30-day expiry at once. It runs with the machine's clock, shifted by an offset, or, frozen, stands
 * still until it is moved: then every date the stub writes is known to the second in advance.
 */
export interface Clock {
  now(): Date;
  /** Whether the clock stands still between moves (`createClock({ frozenAt })`). */
  readonly frozen: boolean;
  /** How far the clock runs ahead of the machine's, in milliseconds (negative: behind). */
  readonly offsetMs: number;
  /** Moves the clock by `ms` (forward when positive). */
  advance(ms: number): void;
  /** Sets the clock to `time`. */
  set(time: Date): void;
  /** Back to the machine's time. */
  reset(): void;
  /**
   * Grows whenever the clock moves or the data may have changed behind the stub's back (a reset), so that
   * what was worked out for one generation (when the next delivery is due) is worked out again.
   */
  readonly generation: number;
  /** Bumps the generation without moving the clock. */
  invalidate(): void;
}

export interface ClockOptions {
  /** Stop the clock at this time: it moves only when told to (`advance`, `set`), and a reset brings it back here. */
  frozenAt?: Date;
}

export function createClock(options: ClockOptions = {}): Clock {
  const frozenAt = options.frozenAt?.getTime();
  const base = () => frozenAt ?? Date.now();
  let offsetMs = 0;
  let generation = 0;
  return {
    now: () => new Date(base() + offsetMs),
    frozen: frozenAt !== undefined,
    get offsetMs() {
      return base() + offsetMs - Date.now();
    },
    get generation() {
      return generation;
    },
    advance(ms) {
      offsetMs += ms;
      generation++;
    },
    set(time) {
      offsetMs = time.getTime() - base();
      generation++;
    },
    reset() {
      offsetMs = 0;
      generation++;
    },
    invalidate() {
      generation++;
    },
  };
}

/**
 * A clock per tenant, so that one team's 30-day jump expires only its own assignments on a stub many teams share.
 * Each tenant's clock runs from the stub's (`stub`), shifted by an offset of its own: moving the stub's clock moves
 * every tenant's, moving a tenant's clock moves that tenant's only.
 */
export interface TenantClocks {
  /** The stub-wide clock every tenant's runs from (`/_stub/clock` without `?tenantId=`). */
  readonly stub: Clock;
  /** The tenant's clock (its ids compared as given: callers pass them lower-cased). */
  of(tenantId: string): Clock;
  /** Every tenant's clock back on the stub's (a reset of every tenant). */
  forgetAll(): void;
  /** The tenants whose clock was moved on its own, with their clocks (the others read the stub's). */
  moved(): Array<[tenantId: string, clock: Clock]>;
}

export function createTenantClocks(stub: Clock): TenantClocks {
  // Only tenants whose clock runs off the stub's have an entry, so a reset tenant costs nothing. Every change takes a
  // new generation from one counter, so that no tenant's generation ever comes back to one it had.
  const own = new Map<string, { offsetMs: number; generation: number }>();
  let counter = 0;
  // The generation of every tenant without an entry.
  let shared = 0;
  const move = (tenantId: string, offsetMs: number) => {
    own.set(tenantId, { offsetMs, generation: ++counter });
  };
  const clockOf = (tenantId: string): Clock => ({
    now: () => new Date(stub.now().getTime() + (own.get(tenantId)?.offsetMs ?? 0)),
    get frozen() {
      return stub.frozen;
    },
    get offsetMs() {
      return stub.offsetMs + (own.get(tenantId)?.offsetMs ?? 0);
    },
    get generation() {
      return stub.generation + (own.get(tenantId)?.generation ?? shared);
    },
    advance(ms) {
      move(tenantId, (own.get(tenantId)?.offsetMs ?? 0) + ms);
    },
    set(time) {
      move(tenantId, time.getTime() - stub.now().getTime());
    },
    reset() {
      own.delete(tenantId);
      shared = ++counter;
    },
    invalidate() {
      move(tenantId, own.get(tenantId)?.offsetMs ?? 0);
    },
  });
  return {
    stub,
    of: clockOf,
    forgetAll() {
      own.clear();
      shared = ++counter;
    },
    moved: () => [...own.keys()].map((tenantId) => [tenantId, clockOf(tenantId)]),
  };
}

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Whether `text` is an ISO 8601 duration addDuration reads (`P30D`, `PT1H`, `P1Y2M`). */
export const isDuration = (text: string): boolean => DURATION.test(text);

/**
 * Adds an ISO 8601 duration (`P30D`, `PT1H`, `P1Y2M`) to `from`, as Graph (a .NET service) does: years and months by
 * the calendar, as DateTimeOffset.AddYears/AddMonths count them (a day past the target month's end becomes its last
 * day: 31 January plus `P1M` is the end of February), the rest in exact units. Undefined when `duration` is no such
 * duration, or the result is no instant Graph can write (past 9999-12-31).
 */
export function addDuration(from: Date, duration: string): Date | undefined {
  const match = DURATION.exec(duration);
  if (!match) return undefined;
  const [years, months, weeks, days, hours, minutes] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const seconds = Number(match[7] ?? 0);
  const calendarMonths = (years ?? 0) * 12 + (months ?? 0);
  const exactMs =
    (((weeks ?? 0) * 7 + (days ?? 0)) * 24 * 3600 + (hours ?? 0) * 3600 + (minutes ?? 0) * 60 + seconds) * 1000;
  // Anything longer than Graph's whole calendar ends past it; bounding first keeps Date's own range out of the way.
  if (calendarMonths > 12 * 10_000 || !(exactMs <= LAST_GRAPH_INSTANT)) return undefined;
  const at = new Date(from.getTime());
  const month = at.getUTCFullYear() * 12 + at.getUTCMonth() + calendarMonths;
  const year = Math.floor(month / 12);
  at.setUTCFullYear(year, month - year * 12, Math.min(at.getUTCDate(), daysInMonth(year, month - year * 12)));
  const result = at.getTime() + exactMs;
  return isGraphInstant(result) ? new Date(result) : undefined;
}
