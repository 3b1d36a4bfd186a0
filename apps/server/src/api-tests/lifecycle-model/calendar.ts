// The model's own date arithmetic, written from Graph's types rather than from the stub's code: Graph is a .NET
// service, so a DateTimeOffset ends at 9999-12-31T23:59:59.9999999Z and a duration's years and months are added as
// DateTimeOffset.AddYears/AddMonths add them (a day past the target month's end becomes its last day: 31 January plus
// one month is 28 or 29 February), the rest as an exact number of seconds.

/** The last instant Graph's DateTimeOffset can hold, to the millisecond. */
export const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const ISO_DURATION =
  /^P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** `at` moved by whole calendar months, the day clamped to the target month's length. */
function addMonths(at: number, months: number): number {
  const date = new Date(at);
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(date.getUTCDate(), daysIn(year, month));
  const moved = new Date(at);
  moved.setUTCFullYear(year, month, day);
  return moved.getTime();
}

/**
 * `at` plus an ISO 8601 duration (`P30D`, `PT1H`, `P1Y2M`), or undefined when `duration` is none or the result falls
 * past the last instant Graph can write.
 */
export function plus(at: number, duration: string): number | undefined {
  const match = ISO_DURATION.exec(duration);
  if (!match) return undefined;
  const [years, months, weeks, days, hours, minutes] = match.slice(1, 7).map((part) => Number(part ?? 0)) as number[];
  const seconds = Number(match[7] ?? 0);
  const calendarMonths = (years ?? 0) * 12 + (months ?? 0);
  // Past 10,000 years nothing can be written; bounding first keeps Date's own range out of the question.
  if (calendarMonths > 12 * 10_000) return undefined;
  const exact =
    ((((weeks ?? 0) * 7 + (days ?? 0)) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * MINUTE + seconds * SECOND;
  if (!Number.isFinite(exact) || exact > LAST_INSTANT) return undefined;
  const result = addMonths(at, calendarMonths) + exact;
  return Number.isFinite(result) && result <= LAST_INSTANT ? result : undefined;
}
