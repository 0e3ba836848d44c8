import { E164_PATTERN } from '@tributary/contracts';
import { z } from 'zod';

const e164 = z.string().regex(E164_PATTERN, 'must be an E.164 number');
const callSid = z.string().regex(/^CA[0-9a-f]{32}$/i, 'must be a Twilio call SID');
const recordingSid = z.string().regex(/^RE[0-9a-f]{32}$/i, 'must be a Twilio recording SID');

/** Incoming call (the number's Voice URL). */
export const TwilioIncomingCallSchema = z.looseObject({ CallSid: callSid, From: e164, To: e164 });

/** Call status callback (the number's status callback URL), sent when the call ends. */
export const TwilioCallStatusSchema = z.looseObject({
  CallSid: callSid,
  From: e164,
  To: e164,
  CallStatus: z.enum(['queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled']),
  CallDuration: z.coerce.number().int().min(0).default(0),
});

/** <Record transcribeCallback>: Twilio posts the transcript (or its failure) with the recording. */
export const TwilioTranscriptionSchema = z.looseObject({
  CallSid: callSid,
  From: e164,
  To: e164,
  RecordingSid: recordingSid,
  RecordingUrl: z.url(),
  TranscriptionStatus: z.enum(['completed', 'failed']),
  TranscriptionText: z.string().max(256 * 1024).optional(),
});

/** <Record recordingStatusCallback>: every event names the call and its status; nothing more is certain. */
export const TwilioRecordingStatusSchema = z.looseObject({ CallSid: callSid, RecordingStatus: z.string().min(1) });

/**
 * A completed recording. Twilio's recording status callback carries no From/To (unlike the call's
 * own webhooks), so they are optional here and looked up from the call when missing.
 */
export const TwilioCompletedRecordingSchema = z.looseObject({
  CallSid: callSid,
  RecordingSid: recordingSid,
  RecordingUrl: z.url(),
  RecordingStatus: z.literal('completed'),
  RecordingDuration: z.coerce.number().int().min(0).default(0),
  From: e164.optional(),
  To: e164.optional(),
});

export type TwilioCallStatus = z.infer<typeof TwilioCallStatusSchema>;
export type TwilioTranscription = z.infer<typeof TwilioTranscriptionSchema>;
