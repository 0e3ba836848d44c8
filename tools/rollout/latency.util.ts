import { inputNumber } from '@tributary/fault-oracle';
import type { SentInput } from './load-generator';
import type { TimedTicketEvent } from './ticket-stream.reader';

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Nearest-rank percentile of ascending values. */
export function percentile(ascending: readonly number[], p: number): number {
  return ascending[Math.max(0, Math.ceil(p * ascending.length) - 1)] ?? 0;
}

export function summarize(values: readonly number[]): LatencySummary | undefined {
  if (values.length === 0) return undefined;
  const ascending = [...values].sort((a, b) => a - b);
  return { count: ascending.length, p50: percentile(ascending, 0.5), p99: percentile(ascending, 0.99), max: ascending.at(-1) ?? 0 };
}

/** When each input was first announced: the record timestamp of the first ticket event carrying its text, by input number. */
export function announcementTimes(events: readonly TimedTicketEvent[]): Map<number, number> {
  const first = new Map<number, number>();
  for (const { event, publishedAt } of events) {
    const n = event.text === undefined ? undefined : inputNumber(event.text);
    if (n !== undefined && publishedAt < (first.get(n) ?? Infinity)) first.set(n, publishedAt);
  }
  return first;
}

/**
 * One window of the load: inputs sent, acknowledged and announced per second in it, and the latency
 * of those scheduled in it. (How many were due is the rate asked: an input a customer never got to
 * was never made, so counting the scheduled ones that exist would mislead.)
 */
export interface TimelineRow {
  readonly fromMs: number;
  readonly toMs: number;
  readonly sentPerSecond: number;
  readonly acknowledgedPerSecond: number;
  readonly announcedPerSecond: number;
  /** Scheduled send → ticket event, of the inputs due in this window. */
  readonly latency: LatencySummary | undefined;
}

const WINDOWS_S = [5, 10, 15, 30, 60, 120, 300, 600];

/** A window length giving at most about a dozen rows over the load. */
export function windowMs(loadMs: number): number {
  return (WINDOWS_S.find((s) => loadMs / (s * 1000) <= 12) ?? WINDOWS_S.at(-1) ?? 600) * 1000;
}

/** The load window by window, from its start to the last announcement (the backlog after the load shows as rows of its own). */
export function timeline(inputs: readonly SentInput[], announcedAt: ReadonlyMap<number, number>, loadStartedAt: number, loadMs: number): TimelineRow[] {
  const step = windowMs(loadMs);
  let lastAt = loadStartedAt + loadMs;
  for (const at of announcedAt.values()) lastAt = Math.max(lastAt, at);
  const rows: TimelineRow[] = [];
  for (let from = 0; loadStartedAt + from < lastAt; from += step) {
    const start = loadStartedAt + from;
    const end = start + step;
    const within = (at: number | undefined): boolean => at !== undefined && at >= start && at < end;
    const due = inputs.filter((input) => within(input.scheduledAt));
    const latencies = due.flatMap((input) => {
      const at = announcedAt.get(input.n);
      return at === undefined ? [] : [at - input.scheduledAt];
    });
    let announced = 0;
    for (const at of announcedAt.values()) if (within(at)) announced += 1;
    rows.push({
      fromMs: from,
      toMs: from + step,
      sentPerSecond: (inputs.filter((input) => within(input.firstSentAt)).length * 1000) / step,
      acknowledgedPerSecond: (inputs.filter((input) => within(input.acknowledgedAt)).length * 1000) / step,
      announcedPerSecond: (announced * 1000) / step,
      latency: summarize(latencies),
    });
  }
  return rows;
}
