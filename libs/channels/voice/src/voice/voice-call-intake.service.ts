import twilio from 'twilio';
import { isWithinBusinessHours } from '../config/business-hours.util';
import type { DurableHandoff, HandoffOutcome } from '../handoff/durable-handoff.service';
import type { PhoneDirectory } from '../twilio/phone-directory';
import type { TwilioMediaFetcher } from '../twilio/twilio-media.fetcher';
import { firstValues } from '../twilio/twilio-params.util';
import type { TwilioParams } from '../twilio/twilio-signature.util';
import { TwilioWebhookError, TwilioWebhookErrorCode } from '../twilio/twilio-webhook.error';
import type { CallRecordingsPort } from './call-recordings.port';
import { TwilioCallStatusSchema, TwilioIncomingCallSchema, TwilioTranscriptionSchema } from './twilio-voice.schema';
import { voiceMessage } from './voice-message.util';
import type { z } from 'zod';

export const VOICE_PATHS = {
  incoming: '/twilio/voice',
  recorded: '/twilio/voice/recorded',
  recordingStatus: '/twilio/voice/recording',
  transcription: '/twilio/voice/transcription',
  status: '/twilio/voice/status',
} as const;

const MISSED = new Set(['busy', 'failed', 'no-answer', 'canceled']);

/**
 * Calls become one message each. A call that left a recording is completed by the transcription
 * callback (Twilio sends it with or without a transcript, and it names the recording), so the
 * message carries recording and transcript together. A call that ended without a recording
 * (missed, or the caller hung up during the greeting) is reported by the call status callback.
 */
export class VoiceCallIntake {
  constructor(
    private readonly directory: PhoneDirectory,
    private readonly handoff: DurableHandoff,
    private readonly media: TwilioMediaFetcher,
    private readonly recordings: CallRecordingsPort,
    private readonly publicBaseUrl: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** TwiML for an incoming call: the line's greeting (in or out of hours), then a voicemail recording. */
  answer(params: TwilioParams): string {
    const call = parse(TwilioIncomingCallSchema, params);
    const line = this.directory.lineFor(call.To);
    const response = new twilio.twiml.VoiceResponse();
    response.say(isWithinBusinessHours(line, this.now()) ? line.greeting : line.afterHoursGreeting);
    response.record({
      maxLength: line.maxRecordingSeconds,
      playBeep: true,
      transcribe: true,
      transcribeCallback: this.url(VOICE_PATHS.transcription),
      recordingStatusCallback: this.url(VOICE_PATHS.recordingStatus),
      recordingStatusCallbackEvent: ['completed', 'absent'],
      action: this.url(VOICE_PATHS.recorded),
    });
    return response.toString();
  }

  /** After <Record> ends: nothing more to say. */
  recorded(): string {
    const response = new twilio.twiml.VoiceResponse();
    response.hangup();
    return response.toString();
  }

  /** The call ended: report it unless a recording will be reported by its transcription callback. */
  async callEnded(params: TwilioParams): Promise<HandoffOutcome | 'ignored'> {
    const status = parse(TwilioCallStatusSchema, params);
    const line = this.directory.lineFor(status.To);
    let outcome: 'missed' | 'abandoned';
    if (MISSED.has(status.CallStatus)) outcome = 'missed';
    else if (status.CallStatus === 'completed' && (await this.recordings.countRecordings(status.CallSid)) === 0) outcome = 'abandoned';
    else return 'ignored';
    const message = voiceMessage({
      callSid: status.CallSid,
      from: status.From,
      to: status.To,
      line,
      receivedAt: this.now(),
      voice: { callId: status.CallSid, outcome, durationSeconds: status.CallDuration },
    });
    return this.handoff.handOff({ kind: 'inbound', key: `${line.tenantId}:${status.From}`, value: message });
  }

  /** The voicemail is complete: recording bytes into the blob store, then one message with the transcript. */
  async transcribed(params: TwilioParams): Promise<HandoffOutcome> {
    const event = parse(TwilioTranscriptionSchema, params);
    const line = this.directory.lineFor(event.To);
    const [blob, durationSeconds] = await Promise.all([
      this.media.fetchToBlob(event.RecordingUrl),
      this.recordings.durationSeconds(event.RecordingSid),
    ]);
    const transcript =
      event.TranscriptionStatus === 'completed' && event.TranscriptionText
        ? { status: 'completed' as const, text: event.TranscriptionText }
        : { status: 'failed' as const };
    const message = voiceMessage({
      callSid: event.CallSid,
      from: event.From,
      to: event.To,
      line,
      receivedAt: this.now(),
      voice: {
        callId: event.CallSid,
        outcome: 'voicemail',
        durationSeconds,
        recording: { storageUri: blob.storageUri, durationSeconds, contentType: blob.contentType },
        transcript,
      },
    });
    return this.handoff.handOff({ kind: 'inbound', key: `${line.tenantId}:${event.From}`, value: message });
  }

  private url(path: string): string {
    return `${this.publicBaseUrl}${path}`;
  }
}

function parse<TSchema extends z.ZodType>(schema: TSchema, params: TwilioParams): z.infer<TSchema> {
  const parsed = schema.safeParse(firstValues(params));
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new TwilioWebhookError(TwilioWebhookErrorCode.InvalidPayload, `unexpected webhook parameters: ${detail}`);
}
