import type { PendingVoicemail } from './pending-voicemail';

/**
 * One held claim on a call. `claimId` tells it apart from a later claim on the same call, so a
 * replica whose claim ran out and was taken over cannot end the new holder's claim.
 */
export interface VoicemailClaim {
  readonly callSid: string;
  readonly claimId: string;
}

/**
 * Voicemails whose transcription has not been handed off yet, shared by every replica: the
 * recording status callback may reach one replica and the transcription callback another.
 *
 * Each call has one claim at a time across all replicas, which the transcription and the fallback
 * both take before they hand the voicemail off, so a call is only ever handed off by one of them at a
 * time. The fallback claims each entry immediately before its hand-off (the next due one nobody
 * holds), so it passes over a call the transcription holds. The transcription waits while the
 * fallback holds it: the fallback's hand-off may still fail (the entry then stays pending) and Twilio
 * does not resend a transcription callback it got an answer to, so skipping it could lose the
 * transcript for good. A claim is a lease: when its replica dies holding it, it runs out and another
 * replica takes the call over; had the first already handed it off, the second copy carries the same
 * message id and dedupe key and the router drops it.
 */
export interface PendingVoicemailsPort {
  /** Durable before it resolves; false when the call is already pending or was settled, on any replica. */
  add(voicemail: PendingVoicemail): Promise<boolean>;
  /**
   * The fallback's claim, never waiting: the pending voicemail with the earliest deadline at or
   * before `now` that no claim holds, leaving out `passOver` (what this check already tried).
   */
  claimNextDue(now: Date, passOver: ReadonlySet<string>): Promise<{ readonly voicemail: PendingVoicemail; readonly claim: VoicemailClaim } | undefined>;
  /**
   * The transcription's claim: waits while another claim on the call is held, then undefined when
   * the call was settled meanwhile or before (its voicemail already is a message). A call not
   * recorded as pending (its transcription came first) is claimed all the same.
   */
  claimWhenFree(callSid: string): Promise<VoicemailClaim | undefined>;
  /** The call's voicemail was handed off (or never can be): no longer pending, whoever holds it now; durable before it resolves. */
  settle(callSid: string): Promise<void>;
  /** The hand-off under this claim failed: the next claim may take the call (the fallback at its next check). */
  release(claim: VoicemailClaim): Promise<void>;
  /** Voicemails still waiting for their hand-off, claimed or not. */
  count(): Promise<number>;
  /** Forgets calls settled before `before` (kept until then so a late recording status starts no wait); returns how many. */
  prune(before: Date): Promise<number>;
}
