import { E164_PATTERN } from '@tributary/contracts';
import twilio from 'twilio';
import { isWithinBusinessHours } from '../config/business-hours.util';
import type { PhoneLine } from '../config/phone-line.schema';
import { inboundHandoffRecord, MediaFetchError, type DurableHandoff, type HandoffOutcome } from '@tributary/channel-kit';
import type { PhoneDirectory } from '../twilio/phone-directory';
import { isGoneAtTwilio } from '../twilio/twilio-resource-gone.util';
import type { FetchedMedia, TwilioMediaFetcher } from '../twilio/twilio-media.fetcher';
import { firstValues } from '../twilio/twilio-params.util';
import type { TwilioParams } from '../twilio/twilio-signature.util';
import { TwilioWebhookError, TwilioWebhookErrorCode } from '../twilio/twilio-webhook.error';
import type { CallRecordingsPort } from './call-recordings.port';
import type { PendingVoicemail } from './pending-voicemail';
import type { PendingVoicemailsPort } from './pending-voicemails.port';
import {
  TwilioCallStatusSchema,
  TwilioCompletedRecordingSchema,
  TwilioIncomingCallSchema,
  TwilioRecordingStatusSchema,
  TwilioTranscriptionSchema,
} from './twilio-voice.schema';
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

export interface VoiceCallIntakeOptions {
  /** The public base URL Twilio is told to call back (TwiML attributes). */
  readonly publicBaseUrl: string;
  /** How long a completed recording waits for its transcription before it is handed off without one. */
  readonly transcriptionWaitMs: number;
  readonly now?: () => Date;
}

type Transcript = { readonly status: 'completed'; readonly text: string } | { readonly status: 'failed' };

/**
 * Calls become one message each. A call that left a recording is normally completed by the
 * transcription callback (Twilio sends it with or without a transcript, and it names the recording),
 * so the message carries recording and transcript together. That callback may never come, so the
 * recording status callback records the voicemail as pending, and one still pending at its deadline
 * is handed off without a transcript (`handOffUntranscribed`). A call that ended without a recording
 * (missed, or the caller hung up during the greeting) is reported by the call status callback.
 */
export class VoiceCallIntake {
  private readonly now: () => Date;

  constructor(
    private readonly directory: PhoneDirectory,
    private readonly handoff: DurableHandoff,
    private readonly media: TwilioMediaFetcher,
    private readonly recordings: CallRecordingsPort,
    private readonly pending: PendingVoicemailsPort,
    private readonly options: VoiceCallIntakeOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

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

  /** The call ended: report it unless it left a recording (reported with or without its transcript). */
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
    return this.handoff.handOff(inboundHandoffRecord(message));
  }

  /**
   * A recording is ready: it waits for its transcription until the deadline, in the list every
   * replica shares, so neither a restart nor the transcription reaching another replica forgets it.
   * Other events (absent: nothing was said) leave the call to its status callback.
   */
  async recordingStatus(params: TwilioParams): Promise<'pending' | 'ignored'> {
    if (parse(TwilioRecordingStatusSchema, params).RecordingStatus !== 'completed') return 'ignored';
    const recording = parse(TwilioCompletedRecordingSchema, params);
    // Refused now, while Twilio still gets the answer, rather than silently at the deadline.
    if (recording.To) this.directory.lineFor(recording.To);
    const receivedAt = this.now();
    const added = await this.pending.add({
      callSid: recording.CallSid,
      recordingSid: recording.RecordingSid,
      recordingUrl: recording.RecordingUrl,
      ...(recording.From ? { from: recording.From } : {}),
      ...(recording.To ? { to: recording.To } : {}),
      durationSeconds: recording.RecordingDuration,
      receivedAt: receivedAt.toISOString(),
      dueAt: new Date(receivedAt.getTime() + this.options.transcriptionWaitMs).toISOString(),
    });
    return added ? 'pending' : 'ignored';
  }

  /**
   * The voicemail is complete: recording bytes into the blob store, then one message with the
   * transcript. `duplicate` when a replica already handed the call off (the fallback got there
   * first, or Twilio repeated the callback): the router would drop a second copy anyway.
   */
  async transcribed(params: TwilioParams): Promise<HandoffOutcome | 'duplicate'> {
    const event = parse(TwilioTranscriptionSchema, params);
    const line = this.directory.lineFor(event.To);
    // Waits while a fallback, on any replica, is handing this call off without a transcript: if that
    // fails, the transcript goes out next; if it succeeds, the call already is a message (see PendingVoicemailsPort).
    const claim = await this.pending.claimWhenFree(event.CallSid);
    if (!claim) return 'duplicate';
    let outcome: HandoffOutcome;
    try {
      const [blob, durationSeconds] = await Promise.all([
        this.media.fetchToBlob(event.RecordingUrl),
        this.recordings.durationSeconds(event.RecordingSid),
      ]);
      const transcript: Transcript =
        event.TranscriptionStatus === 'completed' && event.TranscriptionText ? { status: 'completed', text: event.TranscriptionText } : { status: 'failed' };
      outcome = await this.handOffVoicemail({ callSid: event.CallSid, from: event.From, to: event.To, line, blob, durationSeconds, transcript, receivedAt: this.now() });
    } catch (error) {
      // A release that fails too (the database is away) costs no more than a crash: the claim runs out.
      await this.pending.release(claim).catch(() => undefined);
      // A recording no retry can fetch (a host that is not Twilio's, a URL that is no URL) or that
      // Twilio's API does not know (404/410) is the payload's fault: 400, not a 500 Twilio would
      // repeat. The pending voicemail stays for the fallback, which knows how to drop a gone one.
      if ((error instanceof MediaFetchError && !error.retryable) || isGoneAtTwilio(error)) {
        throw new TwilioWebhookError(TwilioWebhookErrorCode.InvalidPayload, `the recording cannot be fetched: ${error instanceof Error ? error.message : String(error)}`);
      }
      throw error;
    }
    // After the hand-off, never before: a crash in between leaves the fallback to send it again, which
    // the router drops as a redelivery; the other order could lose the voicemail.
    await this.pending.settle(event.CallSid);
    return outcome;
  }

  /**
   * No transcription came before the deadline: the voicemail with its recording, marked as having
   * no transcript (`failed`, the contract's word for "none will be attached").
   */
  async handOffUntranscribed(voicemail: PendingVoicemail): Promise<HandoffOutcome> {
    const parties = voicemail.from && voicemail.to ? { from: voicemail.from, to: voicemail.to } : await this.recordings.parties(voicemail.callSid);
    if (!E164_PATTERN.test(parties.from) || !E164_PATTERN.test(parties.to)) {
      throw new TwilioWebhookError(TwilioWebhookErrorCode.InvalidPayload, `call ${voicemail.callSid} has no E.164 caller or called number`);
    }
    const line = this.directory.lineFor(parties.to);
    const blob = await this.recordingIfFetchable(voicemail.recordingUrl);
    // The same message id and dedupe key (twilio:call:<CallSid>) as the transcribed voicemail, both
    // derived from the CallSid by voiceMessage. The call's claim keeps the two apart on every replica;
    // should both still go out (a claim that ran out under a hand-off that was not dead, only slow),
    // the router keeps whichever arrives first and drops the other, so a call never becomes two messages.
    return this.handOffVoicemail({
      callSid: voicemail.callSid,
      from: parties.from,
      to: parties.to,
      line,
      blob,
      durationSeconds: voicemail.durationSeconds,
      transcript: { status: 'failed' },
      receivedAt: new Date(voicemail.receivedAt),
    });
  }

  /**
   * The recording's bytes, or undefined when no retry can fetch them (a host that is not Twilio's, a
   * URL that is no URL): the caller still left a voicemail, so it becomes a message without its audio
   * rather than an entry retried on every check until it expires. Passing trouble still throws.
   */
  private async recordingIfFetchable(url: string): Promise<FetchedMedia | undefined> {
    try {
      return await this.media.fetchToBlob(url);
    } catch (error) {
      if (error instanceof MediaFetchError && !error.retryable && !isGoneAtTwilio(error)) return undefined;
      throw error;
    }
  }

  private handOffVoicemail(call: {
    callSid: string;
    from: string;
    to: string;
    line: PhoneLine;
    blob: FetchedMedia | undefined;
    durationSeconds: number;
    transcript: Transcript;
    receivedAt: Date;
  }): Promise<HandoffOutcome> {
    const message = voiceMessage({
      callSid: call.callSid,
      from: call.from,
      to: call.to,
      line: call.line,
      receivedAt: call.receivedAt,
      voice: {
        callId: call.callSid,
        outcome: 'voicemail',
        durationSeconds: call.durationSeconds,
        ...(call.blob ? { recording: { storageUri: call.blob.storageUri, durationSeconds: call.durationSeconds, contentType: call.blob.contentType } } : {}),
        transcript: call.transcript,
      },
    });
    return this.handoff.handOff(inboundHandoffRecord(message));
  }

  private url(path: string): string {
    return `${this.options.publicBaseUrl}${path}`;
  }
}

function parse<TSchema extends z.ZodType>(schema: TSchema, params: TwilioParams): z.infer<TSchema> {
  const parsed = schema.safeParse(firstValues(params));
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new TwilioWebhookError(TwilioWebhookErrorCode.InvalidPayload, `unexpected webhook parameters: ${detail}`);
}
