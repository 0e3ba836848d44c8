import { InboundMessageV1, parseContract } from '@tributary/contracts';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { FileSpool } from '@tributary/platform-spool';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PhoneLinesSchema } from '../config/phone-line.schema';
import { TwilioEmulator } from '../emulation/twilio-emulator';
import { callParams, recordingStatusParams, sid } from '../emulation/twilio-payloads';
import { DurableHandoff } from '@tributary/channel-kit';
import type { HandoffPublisherPort, HandoffRecord } from '@tributary/channel-kit';
import { createTwilioApiClient } from '../twilio/twilio-api-client.util';
import { TwilioCallRecordings } from '../twilio/twilio-call-recordings.adapter';
import { PhoneDirectory } from '../twilio/phone-directory';
import { TwilioMediaFetcher } from '../twilio/twilio-media.fetcher';
import { isGoneAtTwilio } from '../twilio/twilio-resource-gone.util';
import { InMemoryPendingVoicemails } from './in-memory-pending-voicemails.fake';
import type { VoicemailClaim } from './pending-voicemails.port';
import { VoiceCallIntake } from './voice-call-intake.service';
import { TwilioWebhookError, TwilioWebhookErrorCode } from '../twilio/twilio-webhook.error';

const ACCOUNT = `AC${'0'.repeat(32)}`;
const TOKEN = 'test-auth-token-0123456789';
const CALLER = '+4915112345678';
const LINE = '+498912345678';

class CollectingPublisher implements HandoffPublisherPort {
  readonly published: HandoffRecord[] = [];
  validate(record: HandoffRecord): void {
    parseContract(InboundMessageV1, record.value);
  }
  publish(records: readonly HandoffRecord[]): Promise<void> {
    this.published.push(...records);
    return Promise.resolve();
  }
}

describe('VoiceCallIntake', () => {
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN });
  let directory: string;
  let spool: FileSpool<HandoffRecord>;
  let publisher: CollectingPublisher;
  let now: Date;
  /** The list every replica shares (the database in production). */
  let pending: InMemoryPendingVoicemails;
  let intake: VoiceCallIntake;
  /** An intake on another replica over the given list; `intake` is one over `pending`. */
  let replica: (pending: InMemoryPendingVoicemails) => VoiceCallIntake;

  beforeAll(() => emulator.start());
  afterAll(() => emulator.stop());

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voice-intake-'));
    spool = new FileSpool<HandoffRecord>({ directory: join(directory, 'spool'), maxBytes: 1_000_000 });
    await spool.open();
    publisher = new CollectingPublisher();
    now = new Date('2026-11-25T10:00:00Z');
    const lines = PhoneLinesSchema.parse(
      JSON.stringify({
        [LINE]: { tenantId: 'acme', greeting: 'Welcome to Acme.', afterHoursGreeting: 'Acme is closed.', businessHours: { timeZone: 'Europe/Berlin', open: '09:00', close: '17:00' } },
      }),
    );
    const client = createTwilioApiClient(ACCOUNT, TOKEN, emulator.baseUrl);
    const media = new TwilioMediaFetcher(new LocalDirectoryBlobStore(join(directory, 'blobs')), { accountSid: ACCOUNT, authToken: TOKEN, apiBaseUrl: emulator.baseUrl, maxBytes: 1_000_000, timeoutMs: 2_000 });
    pending = new InMemoryPendingVoicemails();
    replica = (replicaPending) =>
      new VoiceCallIntake(new PhoneDirectory(lines), new DurableHandoff(publisher, spool, { timeoutMs: 500 }), media, new TwilioCallRecordings(client), replicaPending, {
        publicBaseUrl: 'https://voice.example.com',
        transcriptionWaitMs: 600_000,
        now: () => now,
      });
    intake = replica(pending);
  });

  afterEach(async () => {
    await spool.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('greets inside and outside business hours, then records with transcription and callbacks', () => {
    const twiml = intake.answer(callParams(sid('CA'), CALLER, LINE, ACCOUNT));
    expect(twiml).toContain('<Say>Welcome to Acme.</Say>');
    expect(twiml).toContain('transcribe="true"');
    expect(twiml).toContain('transcribeCallback="https://voice.example.com/twilio/voice/transcription"');
    expect(twiml).toContain('recordingStatusCallback="https://voice.example.com/twilio/voice/recording"');
    now = new Date('2026-11-25T20:00:00Z');
    expect(intake.answer(callParams(sid('CA'), CALLER, LINE, ACCOUNT))).toContain('<Say>Acme is closed.</Say>');
  });

  it('completes a voicemail with its transcript when the transcription callback arrives, recording bytes in the blob store', async () => {
    const callSid = sid('CA');
    const audio = Buffer.from('RIFF....WAVEfmt fake audio');
    const recording = emulator.addRecording(callSid, 14, audio);
    await intake.transcribed({
      ...callParams(callSid, CALLER, LINE, ACCOUNT),
      RecordingSid: recording.sid,
      RecordingUrl: recording.url,
      TranscriptionSid: `TR${'2'.repeat(32)}`,
      TranscriptionStatus: 'completed',
      TranscriptionText: 'Hi, my parcel never arrived, please call back.',
      TranscriptionType: 'fast',
      TranscriptionUrl: `${emulator.baseUrl}/Transcriptions/TR`,
    });
    const message = parseContract(InboundMessageV1, publisher.published[0]?.value);
    expect(message).toMatchObject({
      channel: 'voice',
      dedupeKey: `twilio:call:${callSid}`,
      sender: { identities: [{ kind: 'phone', value: CALLER }] },
      text: 'Hi, my parcel never arrived, please call back.',
      voice: { outcome: 'voicemail', durationSeconds: 14, transcript: { status: 'completed' }, recording: { contentType: 'audio/x-wav', durationSeconds: 14 } },
    });
    const stored = await readFile(fileURLToPath(message.voice?.recording?.storageUri ?? ''));
    expect(stored.equals(audio)).toBe(true);
  });

  it('reports a missed call and a call abandoned before the beep, and leaves recorded calls to the transcription', async () => {
    const missed = sid('CA');
    await intake.callEnded({ ...callParams(missed, CALLER, LINE, ACCOUNT), CallStatus: 'no-answer', CallDuration: '0' });
    const abandoned = sid('CA');
    await intake.callEnded({ ...callParams(abandoned, CALLER, LINE, ACCOUNT), CallStatus: 'completed', CallDuration: '4' });
    const recorded = sid('CA');
    emulator.addRecording(recorded, 9, Buffer.from('audio'));
    await expect(intake.callEnded({ ...callParams(recorded, CALLER, LINE, ACCOUNT), CallStatus: 'completed', CallDuration: '20' })).resolves.toBe('ignored');

    const messages = publisher.published.map((record) => parseContract(InboundMessageV1, record.value));
    expect(messages.map((message) => [message.providerMessageId, message.voice?.outcome, message.voice?.durationSeconds])).toEqual([
      [missed, 'missed', 0],
      [abandoned, 'abandoned', 4],
    ]);
  });

  it('holds a completed recording until its deadline, then hands it off without a transcript under the dedupe key a transcription would use', async () => {
    const callSid = sid('CA');
    const audio = Buffer.from('RIFF....WAVEfmt a long voicemail');
    emulator.addCall(callSid, CALLER, LINE);
    const recording = emulator.addRecording(callSid, 185, audio);
    // Twilio's recording status callback names neither caller nor line: they come from the call.
    await expect(intake.recordingStatus(recordingStatusParams(callSid, recording, 185, ACCOUNT))).resolves.toBe('pending');
    expect(await pending.claimNextDue(new Date('2026-11-25T10:09:59Z'), new Set())).toBeUndefined();
    const due = await pending.claimNextDue(new Date('2026-11-25T10:10:00Z'), new Set());
    if (!due) throw new Error('the voicemail is not due at its deadline');
    now = new Date('2026-11-25T10:10:00Z');
    await intake.handOffUntranscribed(due.voicemail);
    // As the fallback does once the hand-off succeeded.
    await pending.settle(callSid);

    const fallback = parseContract(InboundMessageV1, publisher.published[0]?.value);
    expect(fallback).toMatchObject({
      channel: 'voice',
      providerMessageId: callSid,
      receivedAt: '2026-11-25T10:00:00.000Z',
      sender: { identities: [{ kind: 'phone', value: CALLER }] },
      inbox: { address: LINE },
      voice: { outcome: 'voicemail', durationSeconds: 185, transcript: { status: 'failed' }, recording: { contentType: 'audio/x-wav', durationSeconds: 185 } },
    });
    expect(fallback.text).toContain('no transcript');
    expect((await readFile(fileURLToPath(fallback.voice?.recording?.storageUri ?? ''))).equals(audio)).toBe(true);

    // A transcription arriving late is not sent again, here or on another replica sharing the list.
    const late = { ...callParams(callSid, CALLER, LINE, ACCOUNT), RecordingSid: recording.sid, RecordingUrl: recording.url, TranscriptionStatus: 'completed', TranscriptionText: 'Late.' };
    await expect(intake.transcribed(late)).resolves.toBe('duplicate');
    await expect(replica(pending).transcribed(late)).resolves.toBe('duplicate');
    expect(publisher.published).toHaveLength(1);
    // Should a second copy go out all the same (a claim that ran out under a hand-off that was only
    // slow; here a replica that knows nothing of the first), it must be a redelivery to the router.
    await expect(replica(new InMemoryPendingVoicemails()).transcribed(late)).resolves.toBe('published');
    const transcribed = parseContract(InboundMessageV1, publisher.published[1]?.value);
    expect([transcribed.dedupeKey, transcribed.messageId, transcribed.tenantId]).toEqual([fallback.dedupeKey, fallback.messageId, fallback.tenantId]);
    expect(fallback.dedupeKey).toBe(`twilio:call:${callSid}`);
  });

  it('makes a transcription that arrives while the fallback hands the call off wait, then go out only if the fallback failed', async () => {
    const failing = sid('CA');
    const succeeding = sid('CA');
    const transcription = (callSid: string): Record<string, string> => {
      const recording = emulator.addRecording(callSid, 9, Buffer.from('audio'));
      return { ...callParams(callSid, CALLER, LINE, ACCOUNT), RecordingSid: recording.sid, RecordingUrl: recording.url, TranscriptionStatus: 'completed', TranscriptionText: 'Please call back.' };
    };
    const claims = new Map<string, VoicemailClaim>();
    for (const callSid of [failing, succeeding]) {
      await intake.recordingStatus({ ...recordingStatusParams(callSid, emulator.addRecording(callSid, 9, Buffer.from('audio')), 9, ACCOUNT), From: CALLER, To: LINE });
      // The fallback's claim (on any replica), as it takes it right before handing the call off.
      const due = await pending.claimNextDue(new Date('2026-11-25T10:10:00Z'), new Set(claims.keys()));
      if (due) claims.set(due.voicemail.callSid, due.claim);
    }
    expect([...claims.keys()].sort()).toEqual([failing, succeeding].sort());
    const afterFailure = intake.transcribed(transcription(failing));
    const afterSuccess = replica(pending).transcribed(transcription(succeeding));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(publisher.published).toHaveLength(0);
    const failed = claims.get(failing);
    if (failed) await pending.release(failed);
    await pending.settle(succeeding);
    await expect(afterFailure).resolves.toBe('published');
    await expect(afterSuccess).resolves.toBe('duplicate');
    const messages = publisher.published.map((record) => parseContract(InboundMessageV1, record.value));
    expect(messages.map((message) => [message.providerMessageId, message.voice?.transcript?.status])).toEqual([[failing, 'completed']]);
    expect(await pending.count()).toBe(0);
  });

  it('fails a fallback hand-off whose recording or call Twilio no longer has with an error the fallback treats as permanent', async () => {
    const deleted = sid('CA');
    const base = { recordingSid: `RE${'1'.repeat(32)}`, durationSeconds: 30, receivedAt: '2026-11-25T10:00:00.000Z', dueAt: '2026-11-25T10:10:00.000Z' };
    const recordingGone = intake.handOffUntranscribed({ ...base, callSid: deleted, from: CALLER, to: LINE, recordingUrl: `${emulator.baseUrl}/2010-04-01/Accounts/${ACCOUNT}/Recordings/${base.recordingSid}` });
    await expect(recordingGone).rejects.toMatchObject({ status: 404 });
    await expect(recordingGone.catch(isGoneAtTwilio)).resolves.toBe(true);
    const callGone = intake.handOffUntranscribed({ ...base, callSid: deleted, recordingUrl: emulator.addRecording(deleted, 30, Buffer.from('audio')).url });
    await expect(callGone).rejects.toMatchObject({ status: 404 });
    await expect(callGone.catch(isGoneAtTwilio)).resolves.toBe(true);
    expect(publisher.published).toHaveLength(0);
  });

  it('hands a voicemail whose recording no retry can fetch (a host that is not Twilio’s) off without its audio, instead of failing every check until it expires', async () => {
    const callSid = sid('CA');
    const handedOff = await intake.handOffUntranscribed({
      callSid,
      recordingSid: `RE${'2'.repeat(32)}`,
      recordingUrl: 'https://recordings.example.net/RE2.wav',
      from: CALLER,
      to: LINE,
      durationSeconds: 42,
      receivedAt: '2026-11-25T10:00:00.000Z',
      dueAt: '2026-11-25T10:10:00.000Z',
    });
    expect(handedOff).toBe('published');
    const message = parseContract(InboundMessageV1, publisher.published[0]?.value);
    expect(message).toMatchObject({ providerMessageId: callSid, voice: { outcome: 'voicemail', durationSeconds: 42, transcript: { status: 'failed' } } });
    expect(message.voice?.recording).toBeUndefined();
    expect(message.text).toBe(`Voicemail from ${CALLER} (42 s); its recording could not be fetched and there is no transcript.`);
  });

  it('settles the pending voicemail when its transcription arrives, and ignores a recording status after it or without a recording', async () => {
    const callSid = sid('CA');
    const recording = emulator.addRecording(callSid, 9, Buffer.from('audio'));
    await intake.recordingStatus({ ...recordingStatusParams(callSid, recording, 9, ACCOUNT), From: CALLER, To: LINE });
    expect(await pending.count()).toBe(1);
    await replica(pending).transcribed({ ...callParams(callSid, CALLER, LINE, ACCOUNT), RecordingSid: recording.sid, RecordingUrl: recording.url, TranscriptionStatus: 'failed' });
    expect(await pending.count()).toBe(0);
    expect(await pending.claimNextDue(new Date('2030-01-01T00:00:00Z'), new Set())).toBeUndefined();

    const early = sid('CA');
    const earlyRecording = emulator.addRecording(early, 9, Buffer.from('audio'));
    await intake.transcribed({ ...callParams(early, CALLER, LINE, ACCOUNT), RecordingSid: earlyRecording.sid, RecordingUrl: earlyRecording.url, TranscriptionStatus: 'failed' });
    await expect(intake.recordingStatus(recordingStatusParams(early, earlyRecording, 9, ACCOUNT))).resolves.toBe('ignored');
    await expect(intake.recordingStatus({ AccountSid: ACCOUNT, CallSid: sid('CA'), RecordingStatus: 'absent', ErrorCode: '16101' })).resolves.toBe('ignored');
    expect(await pending.count()).toBe(0);
    expect(publisher.published).toHaveLength(2);
  });
  it('refuses with 400 a transcription whose recording no retry can fetch (a host that is not Twilio’s), releasing the call for the fallback (fuzz counterexample)', async () => {
    const callSid = sid('CA');
    const refused = intake.transcribed({
      ...callParams(callSid, CALLER, LINE, ACCOUNT),
      RecordingSid: `RE${'0'.repeat(32)}`,
      RecordingUrl: 'http://a.aa',
      TranscriptionStatus: 'completed',
    });
    await expect(refused).rejects.toThrow(TwilioWebhookError);
    await expect(refused).rejects.toMatchObject({ code: TwilioWebhookErrorCode.InvalidPayload });
    expect(publisher.published).toEqual([]);
    // Released, not settled: a later callback (or the fallback) may still claim the call.
    await expect(pending.claimWhenFree(callSid)).resolves.toBeDefined();
  });
  it('refuses with 400 a transcription naming a recording Twilio does not know, though its URL is Twilio’s (HTTP fuzz counterexample: RecordingSid RE000…0)', async () => {
    const callSid = sid('CA');
    const known = emulator.addRecording(sid('CA'), 9, Buffer.from('audio'));
    const refused = intake.transcribed({
      ...callParams(callSid, CALLER, LINE, ACCOUNT),
      RecordingSid: `RE${'0'.repeat(32)}`,
      RecordingUrl: known.url,
      TranscriptionStatus: 'completed',
    });
    await expect(refused).rejects.toMatchObject({ name: 'TwilioWebhookError', code: TwilioWebhookErrorCode.InvalidPayload });
    expect(publisher.published).toEqual([]);
    // The recording's download ran beside the lookup that failed and finishes on its own; let it, before the directory goes.
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
});
