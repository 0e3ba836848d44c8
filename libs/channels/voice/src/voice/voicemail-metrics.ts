import { Counter, Gauge, type Registry } from 'prom-client';
import type { PendingVoicemailsPort } from './pending-voicemails.port';

export type VoicemailFallbackOutcome = 'handed_off' | 'failed' | 'dropped';

/** The voicemail fallback as Prometheus sees it: the backlog read at scrape time, and each attempt's outcome. */
export class VoicemailMetrics {
  readonly pending: Gauge;
  readonly fallbacks: Counter<'outcome'>;

  constructor(registry: Registry, pending: PendingVoicemailsPort) {
    this.pending = new Gauge({
      name: 'tributary_voice_pending_voicemails',
      help: 'Recorded voicemails waiting for their transcription callback (or the fallback deadline)',
      registers: [registry],
      collect() {
        this.set(pending.size);
      },
    });
    this.fallbacks = new Counter({
      name: 'tributary_voice_voicemail_fallbacks_total',
      help: 'Voicemails handed off without a transcript because none arrived in time, by outcome (handed_off, failed and retried, dropped)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }
}
