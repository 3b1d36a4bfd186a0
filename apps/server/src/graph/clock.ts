/**
 * The stub's time. Deliveries, schedules and expiry read it, so a test can move it (`POST /_stub/clock`)
 * and see a 30-day expiry at once. It runs with the machine's clock, shifted by an offset.
 */
export interface Clock {
  now(): Date;
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

export function createClock(): Clock {
  let offsetMs = 0;
  let generation = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    get offsetMs() {
      return offsetMs;
    },
    get generation() {
      return generation;
    },
    advance(ms) {
      offsetMs += ms;
      generation++;
    },
    set(time) {
      offsetMs = time.getTime() - Date.now();
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

const DURATION =
  /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Adds an ISO 8601 duration (`P30D`, `PT1H`, `P1Y2M`) to `from`: years and months by the calendar, as
 * Graph's schedules count them, the rest in exact units. Undefined when `duration` is no such duration.
 */
export function addDuration(from: Date, duration: string): Date | undefined {
  const match = DURATION.exec(duration);
  if (!match) return undefined;
  const [years, months, weeks, days, hours, minutes] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const seconds = Number(match[7] ?? 0);
  const at = new Date(from.getTime());
  at.setUTCFullYear(at.getUTCFullYear() + (years ?? 0), at.getUTCMonth() + (months ?? 0));
  const ms =
    (((weeks ?? 0) * 7 + (days ?? 0)) * 24 * 3600 + (hours ?? 0) * 3600 + (minutes ?? 0) * 60 + seconds) * 1000;
  return new Date(at.getTime() + ms);
}
