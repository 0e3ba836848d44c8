import { stableUuid } from '@tributary/contracts';
import type { InboundMessageV1Input } from '@tributary/contracts';
import type { PhoneLine } from '../config/phone-line.schema';
import { traceIdFor } from '../util/trace-id.util';

type VoiceDetails = NonNullable<InboundMessageV1Input['voice']>;

export interface CallFacts {
  readonly callSid: string;
  readonly from: string;
  readonly to: string;
  readonly line: PhoneLine;
  readonly receivedAt: Date;
  readonly voice: VoiceDetails;
}

/**
 * One message per call, keyed by its CallSid: a voicemail (with recording and transcript), or a
 * missed/abandoned call. The text says what happened, so a helpdesk without voice support still shows it.
 */
export function voiceMessage(call: CallFacts): InboundMessageV1Input {
  return {
    schemaVersion: 1,
    messageId: stableUuid('twilio', call.callSid),
    tenantId: call.line.tenantId,
    channel: 'voice',
    provider: 'twilio',
    providerMessageId: call.callSid,
    dedupeKey: `twilio:call:${call.callSid}`,
    receivedAt: call.receivedAt.toISOString(),
    sender: { identities: [{ kind: 'phone', value: call.from }] },
    inbox: { address: call.to, ...(call.line.displayName ? { displayName: call.line.displayName } : {}) },
    thread: { references: [] },
    subject: call.voice.outcome === 'voicemail' ? `Voicemail from ${call.from}` : `${capitalize(call.voice.outcome)} call from ${call.from}`,
    text: describe(call),
    autoSubmitted: { flagged: false },
    traceId: traceIdFor(call.callSid),
    voice: call.voice,
  };
}

function describe(call: CallFacts): string {
  const { voice } = call;
  if (voice.outcome !== 'voicemail') return `${capitalize(voice.outcome)} call from ${call.from} (${voice.durationSeconds} s), no message left.`;
  if (voice.transcript?.status === 'completed' && voice.transcript.text) return voice.transcript.text;
  if (voice.recording === undefined) return `Voicemail from ${call.from} (${voice.durationSeconds} s); its recording could not be fetched and there is no transcript.`;
  return `Voicemail from ${call.from} (${voice.recording?.durationSeconds ?? voice.durationSeconds} s); no transcript available.`;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
