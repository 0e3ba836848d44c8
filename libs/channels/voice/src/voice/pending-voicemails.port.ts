import type { PendingVoicemail } from './pending-voicemail';

/** Voicemails whose transcription has not been handed off yet, kept across restarts. */
export interface PendingVoicemailsPort {
  /** Durable before it resolves; false when the call is already pending or was settled by this replica. */
  add(voicemail: PendingVoicemail): Promise<boolean>;
  /** Marks the call's voicemail as handed off; durable before it resolves. */
  settle(callSid: string): Promise<void>;
  /**
   * A transcription is being handed off for the call: the fallback leaves it alone until it is
   * settled or released, so a transcription that arrived in time is not joined by a second copy.
   * Memory only: after a crash mid-way the fallback sends it again, which the router drops.
   */
  hold(callSid: string): void;
  /** The hand-off that held the call failed: the fallback may take it again at its deadline. */
  release(callSid: string): void;
  /** Pending voicemails not held, whose deadline is at or before `now`, oldest deadline first. */
  due(now: Date): readonly PendingVoicemail[];
  readonly size: number;
}
