import { Counter, Gauge, type Registry } from 'prom-client';
import type { PendingVoicemailsPort } from './pending-voicemails.port';

export type VoicemailFallbackOutcome = 'handed_off' | 'failed' | 'dropped';

export interface VoicemailMetricsOptions {
  /**
   * How long a scrape waits for the database's count before it reports the last one it got: a
   * scrape must answer during a database outage too (and not hang for the pool's connect timeout).
   */
  readonly countWaitMs?: number;
}

/** The voicemail fallback as Prometheus sees it: the shared backlog read at scrape time, and each attempt's outcome. */
export class VoicemailMetrics {
  readonly pending: Gauge;
  readonly fallbacks: Counter<'outcome'>;
  /** The last count the database gave; 0 until it gave one. */
  private lastCount = 0;

  constructor(registry: Registry, pending: Pick<PendingVoicemailsPort, 'count'>, options: VoicemailMetricsOptions = {}) {
    const countPending = (): Promise<number> => this.countWithin(pending, options.countWaitMs ?? 1_000);
    this.pending = new Gauge({
      name: 'tributary_voice_pending_voicemails',
      help: 'Recorded voicemails waiting for their transcription callback (or the fallback deadline), across all replicas',
      registers: [registry],
      async collect() {
        this.set(await countPending());
      },
    });
    this.fallbacks = new Counter({
      name: 'tributary_voice_voicemail_fallbacks_total',
      help: 'Voicemails handed off without a transcript because none arrived in time, by outcome (handed_off, failed and retried, dropped)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  private async countWithin(pending: Pick<PendingVoicemailsPort, 'count'>, waitMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
    try {
      const counted = pending.count().then(
        (count) => (this.lastCount = count),
        () => undefined,
      );
      return (await Promise.race([counted, late])) ?? this.lastCount;
    } finally {
      clearTimeout(timer);
    }
  }
}
