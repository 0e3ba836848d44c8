import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { importPendingVoicemailsLog, VoiceCallIntake, VoicemailFallback, VoicemailMetrics, type PendingVoicemailsPort, type VoicemailDropReason } from '@tributary/channel-voice';
import { DatabaseRuntime } from '@tributary/platform-database';
import { JsonLogger } from '@tributary/platform-observability';
import { join, resolve } from 'node:path';
import { Registry } from 'prom-client';
import type { VoiceIngestConfig } from './voice-ingest.config';
import { PENDING_VOICEMAILS, VOICE_INGEST_CONFIG } from './voice-ingest.tokens';

/** What an operator reads in the log for each reason a voicemail was given up. */
const DROP_REASONS: Record<VoicemailDropReason, string> = {
  invalid: 'it can never become a message',
  gone: 'Twilio no longer has its call or recording',
  expired: 'it kept failing for a day past its deadline',
};

/**
 * Runs this replica's voicemail fallback over the list all replicas share: voicemails whose
 * transcription did not come in time are handed off without one. It starts once the database is
 * connected (first carrying over what an older version left in this replica's pending-voicemails
 * log), and stops before the hand-off's spool closes (before shutdown).
 */
@Injectable()
export class VoicemailFallbackLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly fallback: VoicemailFallback;
  private stopped = false;
  private starting: Promise<void> | undefined;

  constructor(
    intake: VoiceCallIntake,
    @Inject(PENDING_VOICEMAILS) private readonly pending: PendingVoicemailsPort,
    @Inject(VOICE_INGEST_CONFIG) private readonly config: VoiceIngestConfig,
    private readonly database: DatabaseRuntime,
    private readonly logger: JsonLogger,
    registry: Registry,
  ) {
    const metrics = new VoicemailMetrics(registry, pending);
    const waitMs = config.VOICE_TRANSCRIPTION_WAIT_SECONDS * 1000;
    this.fallback = new VoicemailFallback(pending, (voicemail) => intake.handOffUntranscribed(voicemail), {
      checkIntervalMs: Math.min(15_000, Math.max(250, waitMs / 4)),
      onHandedOff: (voicemail) => {
        metrics.fallbacks.inc({ outcome: 'handed_off' });
        logger.event('info', 'VoicemailFallback', 'voicemail handed off without a transcript', { callSid: voicemail.callSid });
      },
      onFailure: (error, voicemail, dropped) => {
        metrics.fallbacks.inc({ outcome: dropped ? 'dropped' : 'failed' });
        if (dropped) logger.event('error', 'VoicemailFallback', `voicemail dropped (${DROP_REASONS[dropped]})`, { callSid: voicemail.callSid, reason: dropped, error });
        else logger.event('warn', 'VoicemailFallback', 'voicemail hand-off failed; retrying', { callSid: voicemail.callSid, error });
      },
      onCheckFailed: (error) => logger.event('warn', 'VoicemailFallback', 'pending voicemails unreadable; checking again at the next interval', { error }),
    });
  }

  onApplicationBootstrap(): void {
    // The database connects in the background (and may never, until shutdown): a check before that
    // could only fail, and shutdown must not wait for it.
    void this.database.whenConnected().then(() => (this.starting = this.start()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.starting;
    await this.fallback.stop();
  }

  private async start(): Promise<void> {
    if (this.stopped) return;
    const log = join(resolve(this.config.SPOOL_DIR), 'pending-voicemails.log');
    try {
      const imported = await importPendingVoicemailsLog(log, this.pending);
      if (imported > 0) this.logger.event('info', 'VoicemailFallback', 'pending voicemails carried over from the old pending-voicemails log', { imported, log });
    } catch (error) {
      // Left in place, it is carried over at the next start; the fallback need not wait for it.
      this.logger.event('error', 'VoicemailFallback', 'could not carry over the old pending-voicemails log; retrying at the next start', { log, error });
    }
    if (!this.stopped) this.fallback.start();
  }
}
