import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { LoadGenerator } from './load-generator';
import type { TicketStreamReader } from './ticket-stream.reader';

/**
 * A line now and then while the load runs: what was sent, acknowledged and announced so far, how far
 * behind the ticket reader is, and this process's event-loop delay. A harness that cannot keep up
 * shows there first: its acknowledgement times run late by about that much (scheduled times and
 * announcement times, the latency the report gives, do not depend on it).
 */
export class SoakProgress {
  /** The worst p99 event-loop delay of any interval, in milliseconds. */
  worstLoopDelayMs = 0;
  private readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private timer: NodeJS.Timeout | undefined;
  private last: { at: number; sent: number };

  constructor(
    private readonly load: LoadGenerator,
    private readonly reader: TicketStreamReader,
    private readonly startedAt: number,
    private readonly log: (line: string) => void,
  ) {
    this.last = { at: startedAt, sent: 0 };
  }

  start(everyMs: number): void {
    this.loopDelay.enable();
    this.timer = setInterval(() => this.report(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.loopDelay.disable();
  }

  private report(): void {
    const now = Date.now();
    const sent = this.load.inputs.length;
    const acknowledged = this.load.inputs.reduce((sum, input) => sum + (input.acknowledgedAt === undefined ? 0 : 1), 0);
    const announced = new Set(this.reader.events.flatMap(({ event }) => (event.text === undefined ? [] : [event.eventId]))).size;
    const lastRead = this.reader.events.at(-1)?.publishedAt;
    const readerLag = lastRead === undefined ? 'nothing read yet' : `the last event read was published ${((now - lastRead) / 1000).toFixed(1)} s ago`;
    const delayMs = this.loopDelay.percentile(99) / 1e6;
    this.worstLoopDelayMs = Math.max(this.worstLoopDelayMs, delayMs);
    const rate = (((sent - this.last.sent) * 1000) / (now - this.last.at)).toFixed(0);
    this.log(`${((now - this.startedAt) / 1000).toFixed(0)} s: ${sent} sent (${rate}/s lately), ${acknowledged} acknowledged, ${announced} announced (${readerLag}); event loop p99 ${delayMs.toFixed(0)} ms`);
    this.loopDelay.reset();
    this.last = { at: now, sent };
  }
}
