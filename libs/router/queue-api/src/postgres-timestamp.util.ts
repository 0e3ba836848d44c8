/**
 * `YYYY-MM-DD`, `T` (ISO 8601, as helpdesks send it) or a space (PostgreSQL's own output, as cursors
 * carry it), the time, and `Z` or an offset of hours with optional minutes and seconds.
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2})(?::(\d{2}))?(?::(\d{2}))?)$/;

/** PostgreSQL refuses a time zone displacement beyond 15:59:59 (zod's datetime allows up to 23:59). */
const MAX_OFFSET_HOURS = 15;

/**
 * Whether PostgreSQL's timestamptz takes this text as it is. A value it refuses would fail the query
 * and surface as a 500, so request parameters are held to this before they reach SQL: PostgreSQL has
 * no year 0 (zod's datetime accepts 0000-01-01) and no offsets beyond ±15:59.
 */
export function isPostgresTimestamp(text: string): boolean {
  const match = TIMESTAMP.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes, offsetSeconds] = match.slice(1).map((part) => Number(part ?? 0));
  if (year === undefined || month === undefined || day === undefined || year < 1) return false;
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // A 30th of February rolls over into March; the round trip notices.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  return (hour ?? 0) <= 23 && (minute ?? 0) <= 59 && (second ?? 0) <= 59 && (offsetHours ?? 0) <= MAX_OFFSET_HOURS && (offsetMinutes ?? 0) <= 59 && (offsetSeconds ?? 0) <= 59;
}
