import { isGoneAtTwilio } from '../twilio/twilio-resource-gone.util';
import { TwilioWebhookError } from '../twilio/twilio-webhook.error';
import type { PendingVoicemail } from './pending-voicemail';
import type { PendingVoicemailsPort } from './pending-voicemails.port';

/**
 * Why a voicemail was given up: `invalid`, it can never become a message (e.g. its number is not
 * configured); `gone`, Twilio no longer has its call or recording (404/410); `expired`, it kept
 * failing for `GIVE_UP_AFTER_MS` past its deadline.
 */
export type VoicemailDropReason = 'invalid' | 'gone' | 'expired';

/**
 * How long past its deadline a failing voicemail is still retried. Long enough to ride out a broker
 * or blob store outage of a working day (the spool covers Kafka, so what fails here is mostly Twilio's
 * API or the blob store); short enough that an entry failing for a reason nobody foresaw does not cost
 * requests and warnings on every check for ever. Twilio keeps recordings until they are deleted, so a
 * voicemail that could still be fetched after a day is not lost to a clock, only one that never worked.
 */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;

export interface VoicemailFallbackOptions {
  /** How often due voicemails are looked for; a fraction of the wait, so the deadline is kept closely. */
  readonly checkIntervalMs: number;
  readonly now?: () => Date;
  readonly onHandedOff?: (voicemail: PendingVoicemail) => void;
  /** `dropped` set: the voicemail was settled without a message and is not tried again; unset: retried on the next check. */
  readonly onFailure?: (error: unknown, voicemail: PendingVoicemail, dropped: VoicemailDropReason | undefined) => void;
}

/**
 * Hands off, without a transcript, every voicemail whose transcription callback did not come in
 * time (Twilio skips recordings over two minutes, sometimes fails silently, and does not retry a
 * callback it gave up on). A failed hand-off stays pending and is tried again on the next check,
 * unless it can never succeed or has failed for `GIVE_UP_AFTER_MS` past its deadline.
 */
export class VoicemailFallback {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly pending: PendingVoicemailsPort,
    private readonly handOff: (voicemail: PendingVoicemail) => Promise<unknown>,
    private readonly options: VoicemailFallbackOptions,
  ) {}

  /** Checks at once (entries that fell due while the process was down), then on every interval. */
  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => void this.handOffDue(), this.options.checkIntervalMs);
    // The check must never be what keeps a finished process alive.
    this.timer.unref();
    void this.handOffDue();
  }

  /** Stops the timer and waits for a check in progress, so nothing is handed off after the spool closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One check at a time: a slow hand-off is not overlapped by the next tick, which would send it twice. */
  handOffDue(): Promise<number> {
    this.running ??= this.check().finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(): Promise<number> {
    let handedOff = 0;
    for (const voicemail of this.pending.due(this.now())) {
      if (this.stopped) break;
      // Claimed right before its own hand-off, not when the list was taken: each hand-off downloads a
      // recording, and a transcription that arrived for a later entry meanwhile holds the call, so that
      // entry becomes one message with its transcript instead of racing an untranscribed copy.
      if (!this.pending.claim(voicemail.callSid)) continue;
      try {
        await this.handOff(voicemail);
        await this.pending.settle(voicemail.callSid);
        handedOff += 1;
        this.options.onHandedOff?.(voicemail);
      } catch (error) {
        const dropped = this.dropReason(error, voicemail);
        if (dropped) await this.pending.settle(voicemail.callSid).catch(() => undefined);
        else this.pending.release(voicemail.callSid);
        this.options.onFailure?.(error, voicemail, dropped);
      }
    }
    return handedOff;
  }

  private dropReason(error: unknown, voicemail: PendingVoicemail): VoicemailDropReason | undefined {
    if (error instanceof TwilioWebhookError) return 'invalid';
    if (isGoneAtTwilio(error)) return 'gone';
    if (this.now().getTime() - Date.parse(voicemail.dueAt) >= GIVE_UP_AFTER_MS) return 'expired';
    return undefined;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
