/** The longest stretch without a ticket event: between the event at `from` and the next one at `to`. */
export interface TicketEventGap {
  readonly ms: number;
  readonly from: number;
  readonly to: number;
}

/**
 * The largest wall-clock gap between consecutive ticket events (by publish time) that overlaps the
 * window [start, end]: a gap that began before the window and ended inside it counts, as does one
 * still open at the end of the window (measured up to the next event). Undefined without two events.
 */
export function largestTicketEventGap(publishedAt: readonly number[], start: number, end: number): TicketEventGap | undefined {
  const times = [...publishedAt].sort((a, b) => a - b);
  let largest: TicketEventGap | undefined;
  for (let i = 1; i < times.length; i += 1) {
    const from = times[i - 1] ?? 0;
    const to = times[i] ?? 0;
    if (to < start || from > end) continue;
    if (!largest || to - from > largest.ms) largest = { ms: to - from, from, to };
  }
  return largest;
}
