import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOPICS } from '@tributary/contracts';
import { callParams, recordingStatusParams, sid, TwilioEmulator, type TwilioWebhookSender } from '@tributary/channel-voice/testing';
import { bootApp, type BootedApp, type OwnConsumerGroups, type ReadRecord, readTopic, type TestDatabase, waitFor } from '@tributary/platform-testing';
import type { Consumer } from 'kafkajs';
import { voiceIngestApp } from '../src/voice-ingest.app';
import { voiceGroupsFromNow } from './voice-consumer-groups';
import { createVoiceIngestDatabase } from './voice-ingest-database';

const ACCOUNT = `AC${randomUUID().replaceAll('-', '')}`;
const TOKEN = `token-${randomUUID()}`;
const PUBLIC = 'https://voice.example.com';
const LINE = '+498912345678';
const WAIT_SECONDS = 1;
/** Past the deadline plus a few fallback checks (a quarter of the wait, at least 250 ms, each). */
const PAST_DEADLINE_MS = WAIT_SECONDS * 1000 + 2_500;

/**
 * Twilio's transcription callback is the only one that carries a transcript, and it may never come
 * (recordings over two minutes are not transcribed; a callback Twilio gave up on is not retried).
 * The recording status callback, signed as Twilio signs it and without From/To as Twilio sends it,
 * must then be enough for exactly one voicemail message on the inbound topic.
 */
describe('voice-ingest voicemail without its transcription callback', () => {
  const tenantId = `f-${randomUUID().slice(0, 8)}`;
  const caller = `+4916${String(Date.now()).slice(-9)}`;
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN });
  const received: ReadRecord[] = [];
  let directory: string;
  let db: TestDatabase;
  let voice: BootedApp | undefined;
  let groups: OwnConsumerGroups;
  let reader: Consumer | undefined;

  const boot = async (waitSeconds = WAIT_SECONDS, spool = 'spool'): Promise<BootedApp> =>
    bootApp(voiceIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: db.url,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_API_BASE_URL: emulator.baseUrl,
      TWILIO_WEBHOOK_BASE_URL: PUBLIC,
      TWILIO_NUMBERS: JSON.stringify({ [LINE]: { tenantId } }),
      ...groups.env,
      VOICE_TRANSCRIPTION_WAIT_SECONDS: String(waitSeconds),
      SPOOL_DIR: join(directory, spool),
      BLOB_STORE_DIR: join(directory, 'blobs'),
    });

  const twilio = (): TwilioWebhookSender => emulator.webhooks(voice?.baseUrl ?? '', PUBLIC);
  const messagesOf = (callSid: string): Record<string, unknown>[] => received.filter((record) => record.value['providerMessageId'] === callSid).map((record) => record.value);

  /**
   * A call answered, recorded and ended, as Twilio reports it; the transcription callback, when
   * given, right after the recording status callback, well before the deadline.
   */
  async function recordedCall(seconds: number, audio: Buffer, transcriptionText?: string): Promise<string> {
    const callSid = sid('CA');
    expect((await twilio().post('/twilio/voice', callParams(callSid, caller, LINE, ACCOUNT))).status).toBe(200);
    emulator.addCall(callSid, caller, LINE);
    const recording = emulator.addRecording(callSid, seconds, audio);
    expect((await twilio().post('/twilio/voice/recording', recordingStatusParams(callSid, recording, seconds, ACCOUNT))).status).toBe(204);
    if (transcriptionText !== undefined) {
      const transcription = await twilio().post('/twilio/voice/transcription', {
        ...callParams(callSid, caller, LINE, ACCOUNT),
        CallStatus: 'completed',
        RecordingSid: recording.sid,
        RecordingUrl: recording.url,
        TranscriptionSid: `TR${randomUUID().replaceAll('-', '')}`,
        TranscriptionStatus: 'completed',
        TranscriptionText: transcriptionText,
        TranscriptionType: 'fast',
        TranscriptionUrl: `${emulator.baseUrl}/2010-04-01/Accounts/${ACCOUNT}/Transcriptions/TR`,
      });
      expect(transcription.status).toBe(204);
    }
    expect((await twilio().post('/twilio/voice/status', { ...callParams(callSid, caller, LINE, ACCOUNT), CallStatus: 'completed', CallDuration: String(seconds + 8) })).status).toBe(204);
    return callSid;
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voice-fallback-'));
    db = await createVoiceIngestDatabase();
    await emulator.start();
    groups = await voiceGroupsFromNow('voicemail-fallback');
    voice = await boot();
    await waitFor(
      'a reader on the inbound topic',
      async () => {
        try {
          reader = await readTopic(process.env['KAFKA_BROKERS'] ?? '', TOPICS.inbound, (record) => record.value['tenantId'] === tenantId && received.push(record));
          return true;
        } catch {
          return false;
        }
      },
      60_000,
      500,
    );
  }, 120_000);

  afterAll(async () => {
    await reader?.disconnect();
    await voice?.close();
    await emulator.stop();
    await db?.drop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it('hands off exactly one voicemail, with its recording and no transcript, once the wait is over', async () => {
    const audio = Buffer.from('RIFF three minutes of fake wav bytes');
    const callSid = await recordedCall(185, audio);

    await waitFor('the voicemail on the inbound topic', () => messagesOf(callSid).length > 0, 30_000, 50);
    await new Promise((resolve) => setTimeout(resolve, PAST_DEADLINE_MS));
    const messages = messagesOf(callSid);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      channel: 'voice',
      dedupeKey: `twilio:call:${callSid}`,
      sender: { identities: [{ kind: 'phone', value: caller }] },
      inbox: { address: LINE },
      voice: { outcome: 'voicemail', durationSeconds: 185, transcript: { status: 'failed' }, recording: { durationSeconds: 185 } },
    });
    const storageUri = String((messages[0]?.['voice'] as { recording: { storageUri: string } }).recording.storageUri);
    expect((await readFile(fileURLToPath(storageUri))).equals(audio)).toBe(true);

    const metrics = (await voice?.get('/metrics'))?.body ?? '';
    expect(metrics).toMatch(/tributary_voice_voicemail_fallbacks_total\{outcome="handed_off",app="voice-ingest"\} [1-9]/);
    expect(metrics).toContain('tributary_voice_pending_voicemails{app="voice-ingest"} 0');
  });

  it('hands off exactly one voicemail with its transcript when the transcription arrives before the deadline, and nothing after it', async () => {
    const callSid = await recordedCall(20, Buffer.from('RIFF fake wav bytes'), 'Please call me back about my invoice.');

    await waitFor('the voicemail on the inbound topic', () => messagesOf(callSid).length > 0, 30_000, 50);
    await new Promise((resolve) => setTimeout(resolve, PAST_DEADLINE_MS));
    const messages = messagesOf(callSid);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ text: 'Please call me back about my invoice.', voice: { transcript: { status: 'completed', text: 'Please call me back about my invoice.' } } });
  });

  it('keeps a pending voicemail across a restart and hands it off after it, whatever the disk it restarts with', async () => {
    // A longer wait before the restart, so the first run cannot have handed it off already.
    await voice?.close();
    voice = await boot(3);
    const callSid = await recordedCall(40, Buffer.from('RIFF fake wav bytes before a restart'));
    await voice.close();
    voice = undefined;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(messagesOf(callSid)).toHaveLength(0);

    // Back after the deadline, as a replica with a disk of its own: the voicemail is due the moment it starts.
    voice = await boot(WAIT_SECONDS, 'another-spool');
    await waitFor('the voicemail on the inbound topic after the restart', () => messagesOf(callSid).length > 0, 30_000, 50);
    await new Promise((resolve) => setTimeout(resolve, PAST_DEADLINE_MS));
    expect(messagesOf(callSid)).toHaveLength(1);
    expect(messagesOf(callSid)[0]).toMatchObject({ dedupeKey: `twilio:call:${callSid}`, voice: { durationSeconds: 40, transcript: { status: 'failed' } } });
  });
});
