/**
 * The last instant Graph's DateTimeOffset can hold (9999-12-31T23:59:59.9999999Z), to the millisecond: a date past it
 * cannot be written (JavaScript would write `+010000-…`, which no client parses as a date-time).
 */
export const LAST_GRAPH_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** 0001-01-01T00:00:00Z, the first instant of a DateTimeOffset (Date.UTC reads years below 100 as 19xx). */
const FIRST_GRAPH_INSTANT = -62_135_596_800_000;

/** Whether `ms` is an instant Graph can write: from year 1 to the end of year 9999. */
export function isGraphInstant(ms: number): boolean {
  return ms >= FIRST_GRAPH_INSTANT && ms <= LAST_GRAPH_INSTANT;
}

/**
 * Graph writes DateTimeOffset values in UTC with seven fractional digits
 * (`2021-11-10T01:10:09.5220119Z`); JavaScript dates only hold milliseconds, so pad.
 */
export function graphTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** The days of a month (0 for January) of a year, by the proleptic Gregorian calendar Graph's dates follow. */
export function daysInMonth(year: number, month: number): number {
  const last = new Date(0);
  last.setUTCFullYear(year, month + 1, 0);
  return last.getUTCDate();
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 time with its zone (`2030-01-01T00:00:00Z`, `2030-01-01T01:00+01:00`), or undefined when it is none or
 * names no real instant Graph can write: JavaScript's Date reads 30 February as 2 March without a word.
 */
export function parseInstant(text: string): Date | undefined {
  const parts = INSTANT.exec(text);
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second = 0, zoneHours = 0, zoneMinutes = 0] = parts
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const valid =
    month !== undefined &&
    month >= 1 &&
    month <= 12 &&
    day !== undefined &&
    day >= 1 &&
    day <= daysInMonth(year ?? 0, month - 1) &&
    (hour ?? 0) <= 23 &&
    (minute ?? 0) <= 59 &&
    second <= 59 &&
    zoneHours <= 14 &&
    zoneMinutes <= 59;
  if (!valid) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) || !isGraphInstant(at.getTime()) ? undefined : at;
}
