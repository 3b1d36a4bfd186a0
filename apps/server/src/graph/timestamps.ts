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
