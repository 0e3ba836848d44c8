import { Counter, Gauge, type Registry } from 'prom-client';
import type { PendingMediaPort } from './pending-media.port';

/** `unqueued`: the intake could not queue a retry and handed the media off as failed; `error`: the queue or Kafka failed, the entry waits. */
export type MediaRetryMetricOutcome = 'stored' | 'failed' | 'retry_scheduled' | 'unqueued' | 'error';

export interface MediaRetryMetricsOptions {
  /** How long a scrape waits for the database's count before it reports the last one (a scrape must answer during an outage). */
  readonly countWaitMs?: number;
}

/** The media retry queue as Prometheus sees it: the shared backlog at scrape time, and each attempt's outcome. */
export class MediaRetryMetrics {
  readonly pending: Gauge;
  readonly outcomes: Counter<'outcome'>;
  private lastCount = 0;

  constructor(registry: Registry, queue: Pick<PendingMediaPort, 'count'>, options: MediaRetryMetricsOptions = {}) {
    const countPending = (): Promise<number> => this.countWithin(queue, options.countWaitMs ?? 1_000);
    this.pending = new Gauge({
      name: 'tributary_media_retry_pending',
      help: 'Provider media waiting for another fetch attempt (or for Kafka to take its outcome), across all replicas',
      registers: [registry],
      async collect() {
        this.set(await countPending());
      },
    });
    this.outcomes = new Counter({
      name: 'tributary_media_retry_outcomes_total',
      help: 'Media fetch retries by outcome: stored, failed (for good), retry_scheduled, unqueued (no retry could be queued: failed at once), error (queue or Kafka trouble, tried again)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  count(outcome: MediaRetryMetricOutcome, entries = 1): void {
    this.outcomes.inc({ outcome }, entries);
  }

  private async countWithin(queue: Pick<PendingMediaPort, 'count'>, waitMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
    try {
      const counted = queue.count().then(
        (count) => (this.lastCount = count),
        () => undefined,
      );
      return (await Promise.race([counted, late])) ?? this.lastCount;
    } finally {
      clearTimeout(timer);
    }
  }
}
