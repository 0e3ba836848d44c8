import { E164_PATTERN } from '@tributary/contracts';
import { z } from 'zod';

const e164 = z.string().regex(E164_PATTERN, 'must be an E.164 number');
const callSid = z.string().regex(/^CA[0-9a-f]{32}$/i, 'must be a Twilio call SID');

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
  RecordingSid: z.string().regex(/^RE[0-9a-f]{32}$/i, 'must be a Twilio recording SID'),
  RecordingUrl: z.url(),
  TranscriptionStatus: z.enum(['completed', 'failed']),
  TranscriptionText: z.string().max(256 * 1024).optional(),
});

export type TwilioCallStatus = z.infer<typeof TwilioCallStatusSchema>;
export type TwilioTranscription = z.infer<typeof TwilioTranscriptionSchema>;
