import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { VoiceCallIntake, VoicemailFallback, VoicemailMetrics, type FilePendingVoicemails, type VoicemailDropReason } from '@tributary/channel-voice';
import { JsonLogger } from '@tributary/platform-observability';
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
 * Runs the voicemail fallback: voicemails whose transcription did not come in time are handed off
 * without one. It stops before the hand-off's spool closes (before shutdown) and closes the pending
 * log last, once no webhook can settle an entry any more.
 */
@Injectable()
export class VoicemailFallbackLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly fallback: VoicemailFallback;

  constructor(
    intake: VoiceCallIntake,
    @Inject(PENDING_VOICEMAILS) private readonly pending: FilePendingVoicemails,
    @Inject(VOICE_INGEST_CONFIG) config: VoiceIngestConfig,
    logger: JsonLogger,
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
    });
  }

  onApplicationBootstrap(): void {
    this.fallback.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.fallback.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pending.close();
  }
}
