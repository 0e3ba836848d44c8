import type { PendingVoicemail } from './pending-voicemail';

/**
 * Voicemails whose transcription has not been handed off yet, kept across restarts.
 *
 * Each call has an in-process claim that the transcription and the fallback both take before they
 * hand the voicemail off, so on one replica a call is only ever handed off by one of them at a time.
 * The fallback claims each entry immediately before its hand-off (not when it lists what is due),
 * and skips a call the transcription holds. The transcription waits while the fallback holds it: the
 * fallback's hand-off may still fail (the entry then stays pending) and Twilio does not resend a
 * transcription callback it got an answer to, so skipping it could lose the transcript for good.
 * Claims are memory only: after a crash mid-way the fallback sends it again, which the router drops.
 */
export interface PendingVoicemailsPort {
  /** Durable before it resolves; false when the call is already pending or was settled by this replica. */
  add(voicemail: PendingVoicemail): Promise<boolean>;
  /** Marks the call's voicemail as handed off and ends its claim; durable before it resolves. */
  settle(callSid: string): Promise<void>;
  /** The fallback's claim, never waiting: false when the call is not pending (settled) or already claimed. */
  claim(callSid: string): boolean;
  /**
   * The transcription's claim: waits while another claim on the call is held, then false when the
   * call was settled in this run meanwhile or before (its voicemail already is a message).
   */
  claimWhenFree(callSid: string): Promise<boolean>;
  /** The hand-off that claimed the call failed: the next claim may take it (the fallback at its next check). */
  release(callSid: string): void;
  /** Pending voicemails not claimed, whose deadline is at or before `now`, oldest deadline first. */
  due(now: Date): readonly PendingVoicemail[];
  readonly size: number;
}
