import { DeadLetterErrorCode, DeadLetterOperationError } from './dead-letter-operation.error';
import type { DeadLetterRecord } from './dead-letter-record';

/** Which dead letters an operator means; every field optional, all given must hold. */
export interface DeadLetterFilter {
  /** The topic the original was consumed from, exactly. */
  readonly sourceTopic?: string;
  /** Part of the reason, ignoring case. */
  readonly reason?: string;
  /** Record timestamp at or after. */
  readonly since?: Date;
  /** Record timestamp at or before. */
  readonly until?: Date;
}

/** The filter as typed on a command line or in a query string. */
export interface DeadLetterFilterInput {
  readonly source?: string | undefined;
  readonly reason?: string | undefined;
  readonly since?: string | undefined;
  readonly until?: string | undefined;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const AGO = /^(\d{1,6})(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Checks and reads a filter; throws InvalidFilter naming the field. Times: ISO 8601, or an age such as `30m`, `2h`, `7d`. */
export function parseDeadLetterFilter(input: DeadLetterFilterInput, now: Date = new Date()): DeadLetterFilter {
  const since = parseTime('since', input.since, now);
  const until = parseTime('until', input.until, now);
  if (since && until && since.getTime() > until.getTime()) {
    throw new DeadLetterOperationError(DeadLetterErrorCode.InvalidFilter, `since (${since.toISOString()}) is after until (${until.toISOString()})`);
  }
  const source = input.source?.trim();
  const reason = input.reason?.trim();
  return {
    ...(source ? { sourceTopic: source } : {}),
    ...(reason ? { reason } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
}

export function matchesDeadLetterFilter(record: DeadLetterRecord, filter: DeadLetterFilter): boolean {
  if (filter.sourceTopic !== undefined && record.source.topic !== filter.sourceTopic) return false;
  if (filter.reason !== undefined && !record.reason.toLowerCase().includes(filter.reason.toLowerCase())) return false;
  const time = record.timestamp.getTime();
  if (filter.since !== undefined && !(time >= filter.since.getTime())) return false;
  if (filter.until !== undefined && !(time <= filter.until.getTime())) return false;
  return true;
}

function parseTime(field: 'since' | 'until', text: string | undefined, now: Date): Date | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  const ago = AGO.exec(value);
  if (ago?.[1] && ago[2]) return new Date(now.getTime() - Number(ago[1]) * UNIT_MS[ago[2] as keyof typeof UNIT_MS]);
  const time = ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time) || !sameCalendarDay(value, time)) {
    throw new DeadLetterOperationError(
      DeadLetterErrorCode.InvalidFilter,
      `${field}: "${value.slice(0, 64)}" is neither an ISO 8601 time (2026-12-07, 2026-12-07T10:00:00Z) nor an age (30m, 2h, 7d)`,
    );
  }
  return new Date(time);
}

/** Date.parse rolls 2026-02-30 over to March; a date that does not exist is a typo, not a time. */
function sameCalendarDay(text: string, time: number): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day && Number.isFinite(time);
}
