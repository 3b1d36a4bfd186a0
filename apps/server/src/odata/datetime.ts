// OData's DateTimeOffset: date, `T`, hours and minutes, optional seconds and up to 12 fraction
// digits, then `Z` or an offset. Seconds are optional in OData even though Graph always writes them.
const DATE_TIME_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * A sortable key for a DateTimeOffset: UTC, always with seconds and 12 fraction digits, so that
 * `2024-01-01T02:00:00+02:00`, `2024-01-01T00:00Z` and Graph's `2024-01-01T00:00:00.0000000Z`
 * compare equal and plain string comparison orders keys by instant. Undefined when `text` is not a
 * DateTimeOffset or names a day or time that does not exist.
 */
export function dateTimeKey(text: string): string | undefined {
  const m = DATE_TIME_OFFSET.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetSign = m[9] === '-' ? -1 : 1;
  const offsetHours = m[8] ? 0 : Number(m[10]);
  const offsetMinutes = m[8] ? 0 : Number(m[11]);
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;

  // Date.UTC maps years 0-99 to 1900-1999, so set the year separately.
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour - offsetSign * offsetHours, minute - offsetSign * offsetMinutes, second, 0);
  const y = instant.getUTCFullYear();
  if (y < 0 || y > 9999) return undefined;
  const date = `${pad(y, 4)}-${pad(instant.getUTCMonth() + 1, 2)}-${pad(instant.getUTCDate(), 2)}`;
  const time = `${pad(instant.getUTCHours(), 2)}:${pad(instant.getUTCMinutes(), 2)}:${pad(instant.getUTCSeconds(), 2)}`;
  return `${date}T${time}.${(m[7] ?? '').padEnd(12, '0')}Z`;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}
