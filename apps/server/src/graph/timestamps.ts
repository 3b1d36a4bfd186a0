/**
 * Graph writes DateTimeOffset values in UTC with seven fractional digits
 * (`2021-11-10T01:10:09.5220119Z`); JavaScript dates only hold milliseconds, so pad.
 */
export function graphTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}
