import { isGoneAtTwilio } from '../twilio/twilio-resource-gone.util';
import { TwilioWebhookError } from '../twilio/twilio-webhook.error';
import type { PendingVoicemail } from './pending-voicemail';
import type { PendingVoicemailsPort, VoicemailClaim } from './pending-voicemails.port';

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
  /** The list itself failed (e.g. the database is away): the check ends there and the next one tries again. */
  readonly onCheckFailed?: (error: unknown) => void;
}

/** Settled calls are kept this long, so a recording status callback that comes after its transcription starts no wait. */
const KEEP_SETTLED_MS = 7 * 24 * 60 * 60 * 1000;
/** Forgetting old settled calls is housekeeping: once an hour per replica is plenty. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Hands off, without a transcript, every voicemail whose transcription callback did not come in
 * time (Twilio skips recordings over two minutes, sometimes fails silently, and does not retry a
 * callback it gave up on). Every replica runs one over the shared list; the claims keep them from
 * handing a call off twice. A failed hand-off stays pending and is tried again on the next check,
 * unless it can never succeed or has failed for `GIVE_UP_AFTER_MS` past its deadline.
 */
export class VoicemailFallback {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly pending: PendingVoicemailsPort,
    private readonly handOff: (voicemail: PendingVoicemail) => Promise<unknown>,
    private readonly options: VoicemailFallbackOptions,
  ) {}

  /** Checks at once (entries that fell due while no replica was up), then on every interval. */
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

  /** One check at a time: a slow hand-off is not overlapped by the next tick. Never rejects. */
  handOffDue(): Promise<number> {
    this.running ??= this.check().finally(() => (this.running = undefined));
    return this.running;
  }

  private async check(): Promise<number> {
    let handedOff = 0;
    // What this check already tried: a failed one is released for the transcription, not for another
    // round of this check.
    const tried = new Set<string>();
    try {
      while (!this.stopped) {
        // Claimed right before its own hand-off, not when the list was read: each hand-off downloads
        // a recording, and a transcription that arrived for a later entry meanwhile holds the call,
        // so that entry becomes one message with its transcript instead of racing an untranscribed copy.
        const next = await this.pending.claimNextDue(this.now(), tried);
        if (!next) break;
        if (this.stopped) {
          await this.pending.release(next.claim);
          break;
        }
        tried.add(next.voicemail.callSid);
        if (await this.handOffClaimed(next.voicemail, next.claim)) handedOff += 1;
      }
      await this.pruneSettled();
    } catch (error) {
      this.options.onCheckFailed?.(error);
    }
    return handedOff;
  }

  private async handOffClaimed(voicemail: PendingVoicemail, claim: VoicemailClaim): Promise<boolean> {
    try {
      await this.handOff(voicemail);
    } catch (error) {
      const dropped = this.dropReason(error, voicemail);
      // Either failing leaves the claim to run out, and the call to the next check after that.
      if (dropped) await this.pending.settle(voicemail.callSid).catch(() => undefined);
      else await this.pending.release(claim).catch(() => undefined);
      this.options.onFailure?.(error, voicemail, dropped);
      return false;
    }
    // After the hand-off, never before: failing here (or a crash) leaves the claim to run out and the
    // call to be sent again, which the router drops; the other order could lose the voicemail.
    await this.pending.settle(voicemail.callSid);
    this.options.onHandedOff?.(voicemail);
    return true;
  }

  private async pruneSettled(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = now;
    await this.pending.prune(new Date(now - KEEP_SETTLED_MS));
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
