import { TwilioWebhookError } from '../twilio/twilio-webhook.error';
import type { PendingVoicemail } from './pending-voicemail';
import type { PendingVoicemailsPort } from './pending-voicemails.port';

export interface VoicemailFallbackOptions {
  /** How often due voicemails are looked for; a fraction of the wait, so the deadline is kept closely. */
  readonly checkIntervalMs: number;
  readonly now?: () => Date;
  readonly onHandedOff?: (voicemail: PendingVoicemail) => void;
  /** `dropped`: the voicemail can never become a message (e.g. its number is not configured) and is settled. */
  readonly onFailure?: (error: unknown, voicemail: PendingVoicemail, dropped: boolean) => void;
}

/**
 * Hands off, without a transcript, every voicemail whose transcription callback did not come in
 * time (Twilio skips recordings over two minutes, sometimes fails silently, and does not retry a
 * callback it gave up on). A failed hand-off stays pending and is tried again on the next check.
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
    for (const voicemail of this.pending.due(this.options.now?.() ?? new Date())) {
      if (this.stopped) break;
      try {
        await this.handOff(voicemail);
        await this.pending.settle(voicemail.callSid);
        handedOff += 1;
        this.options.onHandedOff?.(voicemail);
      } catch (error) {
        const dropped = error instanceof TwilioWebhookError;
        if (dropped) await this.pending.settle(voicemail.callSid).catch(() => undefined);
        this.options.onFailure?.(error, voicemail, dropped);
      }
    }
    return handedOff;
  }
}
