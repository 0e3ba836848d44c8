import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboundMessageV1, TOPICS, type OutboundMessageV1Input } from '@tributary/contracts';
import { callParams, recordingStatusParams, sid, TwilioEmulator, type TwilioWebhookSender } from '@tributary/channel-voice/testing';
import { startStack, stopStack } from '@tributary/local-stack';
import { ContractPublisher, ensureTopics, toKafkaJsConfig } from '@tributary/platform-kafka';
import { type AppProcess, LoadBalancerProxy, type OwnConsumerGroups, type ReadRecord, readTopic, startAppProcess, type TestDatabase, waitFor, suiteStackName } from '@tributary/platform-testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { voiceGroupsFromNow } from './voice-consumer-groups';
import { createVoiceIngestDatabase } from './voice-ingest-database';

const ACCOUNT = `AC${randomUUID().replaceAll('-', '')}`;
const TOKEN = `token-${randomUUID()}`;
const LINE = '+498912345678';
const WAIT_SECONDS = 3;
/** Past the deadline plus a few fallback checks on each replica (a quarter of the wait each). */
const PAST_DEADLINE_MS = WAIT_SECONDS * 1000 + 3_000;

/**
 * Two voice-ingest processes behind one public address, on one database and one broker, as two
 * replicas run. Nothing of one replica's state may be needed by the other: a reply one sent is
 * reported by the other when Twilio's callbacks or a redelivery reach it, and a voicemail is handed
 * off exactly once whichever replica its callbacks reach. The suite runs its own broker, and the
 * replicas' reply loop a consumer group of the suite's own (from where the outbound topic ends), so
 * no other suite's voice-ingest takes its replies and no earlier run's reply is sent by it.
 */
describe('voice-ingest as two replicas on one database', () => {
  const stackName = suiteStackName('voice-replicas');
  const tenantId = `r-${randomUUID().slice(0, 8)}`;
  const caller = `+4917${String(Date.now()).slice(-9)}`;
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN });
  const balancer = new LoadBalancerProxy();
  const inbound: ReadRecord[] = [];
  const deliveries: ReadRecord[] = [];
  const readers: Consumer[] = [];
  let brokers: string;
  let publicUrl: string;
  let directory: string;
  let db: TestDatabase;
  let publisher: ContractPublisher;
  let groups: OwnConsumerGroups;
  let a: AppProcess | undefined;
  let b: AppProcess | undefined;

  function startReplica(name: string): Promise<AppProcess> {
    return startAppProcess('voice-ingest', {
      env: {
        KAFKA_BROKERS: brokers,
        KAFKA_CLIENT_ID: `voice-ingest-${name}`,
        DATABASE_URL: db.url,
        TWILIO_ACCOUNT_SID: ACCOUNT,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_API_BASE_URL: emulator.baseUrl,
        TWILIO_WEBHOOK_BASE_URL: publicUrl,
        TWILIO_NUMBERS: JSON.stringify({ [LINE]: { tenantId } }),
        ...groups.env,
        VOICE_TRANSCRIPTION_WAIT_SECONDS: String(WAIT_SECONDS),
        // Each replica its own disk: nothing it keeps there may be what another replica needs.
        SPOOL_DIR: join(directory, name, 'spool'),
        BLOB_STORE_DIR: join(directory, 'blobs'),
      },
    });
  }

  const replica = (process: AppProcess | undefined): AppProcess => {
    if (!process) throw new Error('that replica is not running');
    return process;
  };
  const twilioAt = (process: AppProcess | undefined): TwilioWebhookSender => emulator.webhooks(replica(process).baseUrl, publicUrl);
  const reportsOf = (outboundId: string): Record<string, unknown>[] => deliveries.map((record) => record.value).filter((value) => value['outboundId'] === outboundId);
  const messagesOf = (callSid: string): Record<string, unknown>[] => inbound.map((record) => record.value).filter((value) => value['providerMessageId'] === callSid);
  const textsSent = (text: string): string[] => emulator.messages.filter((message) => message.body === text).map((message) => message.sid);

  function reply(text: string): OutboundMessageV1Input {
    return {
      schemaVersion: 1,
      outboundId: randomUUID(),
      tenantId,
      ticketId: randomUUID(),
      channel: 'sms',
      to: { kind: 'phone', value: caller },
      from: { address: LINE },
      text,
      thread: {},
      author: { kind: 'agent', id: 'agent-7' },
      autoSubmitted: false,
      requestedAt: new Date().toISOString(),
      traceId: randomUUID().replaceAll('-', ''),
    };
  }

  /** A call answered and recorded (45 s), its recording status callback (no From/To, as Twilio sends it) taken by `at`. */
  async function recordedCall(at: AppProcess | undefined): Promise<{ callSid: string; recording: { sid: string; url: string } }> {
    const seconds = 45;
    const callSid = sid('CA');
    expect((await twilioAt(at).post('/twilio/voice', callParams(callSid, caller, LINE, ACCOUNT))).status).toBe(200);
    emulator.addCall(callSid, caller, LINE);
    const recording = emulator.addRecording(callSid, seconds, Buffer.from(`RIFF voicemail of ${callSid}`));
    expect((await twilioAt(at).post('/twilio/voice/recording', recordingStatusParams(callSid, recording, seconds, ACCOUNT))).status).toBe(204);
    return { callSid, recording };
  }

  async function fallbacksHandedOff(process: AppProcess | undefined): Promise<number> {
    const metrics = await (await fetch(`${replica(process).baseUrl}/metrics`)).text();
    return Number(/^tributary_voice_voicemail_fallbacks_total\{outcome="handed_off"[^}]*\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voice-replicas-'));
    await emulator.start();
    publicUrl = await balancer.start();
    brokers = (await startStack({ name: stackName, components: ['kafka'] })).env['KAFKA_BROKERS'] ?? '';
    db = await createVoiceIngestDatabase();
    const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'voice-replicas-test', brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [TOPICS.inbound, TOPICS.outbound, TOPICS.delivery, TOPICS.inboundDeadLetter], { partitions: 3, replicationFactor: 1 });
    await admin.disconnect();
    groups = await voiceGroupsFromNow('voice-replicas', brokers);
    publisher = new ContractPublisher(kafka);
    readers.push(
      await readTopic(brokers, TOPICS.delivery, (record) => record.value['tenantId'] === tenantId && deliveries.push(record)),
      await readTopic(brokers, TOPICS.inbound, (record) => record.value['tenantId'] === tenantId && inbound.push(record)),
    );
    // Replica A alone at first, so the first reply is A's to send.
    a = await startReplica('a');
  }, 240_000);

  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.disconnect()));
    await publisher?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await balancer.stop();
    await emulator.stop();
    await db?.drop();
    await stopStack({ name: stackName });
    await rm(directory, { recursive: true, force: true });
  }, 120_000);

  let firstReply: OutboundMessageV1Input;

  it("reports a reply that replica A sent and the status callbacks that reached replica B as one reply's progress", async () => {
    firstReply = reply('Your parcel left the depot this morning.');
    await publisher.publish(TOPICS.outbound, OutboundMessageV1, [{ key: firstReply.ticketId, value: firstReply }]);
    await waitFor("A's queued report", () => reportsOf(firstReply.outboundId).some((report) => report.state === 'queued'), 60_000, 100);
    const [messageSid] = textsSent(firstReply.text);

    // Twilio's status callbacks wait at the load balancer until replica B is up to take them.
    b = await startReplica('b');
    balancer.forwardTo(replica(b).baseUrl);
    await waitFor("B's delivered report", () => reportsOf(firstReply.outboundId).some((report) => report.state === 'delivered'), 60_000, 100);
    // B may put the report on Kafka before its answer is back at the balancer.
    await waitFor('both status callbacks answered', () => emulator.callbacks.filter((callback) => callback.params['MessageSid'] === messageSid).length === 2, 10_000, 50);

    const reports = reportsOf(firstReply.outboundId);
    expect(reports.map((report) => report.state)).toEqual(['queued', 'sent', 'delivered']);
    expect(reports.every((report) => report.providerMessageId === messageSid && report.ticketId === firstReply.ticketId)).toBe(true);
    expect(textsSent(firstReply.text)).toHaveLength(1);
    expect(emulator.callbacks.filter((callback) => callback.params['MessageSid'] === messageSid).map((callback) => callback.status)).toEqual([204, 204]);
    expect(balancer.forwarded.filter((request) => request.path === '/twilio/messages/status')).toEqual([
      { path: '/twilio/messages/status', target: replica(b).baseUrl, status: 204 },
      { path: '/twilio/messages/status', target: replica(b).baseUrl, status: 204 },
    ]);
  }, 180_000);

  it('reports a reply redelivered to the other replica again instead of sending it again', async () => {
    // A leaves (the rebalance gives B every partition), and the same reply comes again, as it does
    // when A sent it but died before committing the offset, or the router's outbox repeats a record.
    await replica(a).stop();
    a = undefined;
    await publisher.publish(TOPICS.outbound, OutboundMessageV1, [{ key: firstReply.ticketId, value: firstReply }]);
    await waitFor('the repeated queued report', () => reportsOf(firstReply.outboundId).filter((report) => report.state === 'queued').length === 2, 60_000, 100);
    // Time for a second text to reach the emulator, were one sent.
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(textsSent(firstReply.text)).toHaveLength(1);
    const queued = reportsOf(firstReply.outboundId).filter((report) => report.state === 'queued');
    expect(queued[1]).toEqual(queued[0]);
    expect(new Set(queued.map((report) => report.statusId)).size).toBe(1);
  }, 120_000);

  it('hands off voicemails whose recording status reached A exactly once, with both replicas running their fallback', async () => {
    a = await startReplica('a');
    const calls: string[] = [];
    for (let n = 0; n < 8; n += 1) {
      const { callSid, recording } = await recordedCall(a);
      // Every other one comes again at B, as a webhook Twilio retried and the balancer sent elsewhere.
      if (n % 2 === 1) expect((await twilioAt(b).post('/twilio/voice/recording', recordingStatusParams(callSid, recording, 45, ACCOUNT))).status).toBe(204);
      calls.push(callSid);
    }

    await waitFor('every voicemail on the inbound topic', () => calls.every((callSid) => messagesOf(callSid).length > 0), 60_000, 100);
    await new Promise((resolve) => setTimeout(resolve, PAST_DEADLINE_MS));
    for (const callSid of calls) {
      expect(messagesOf(callSid)).toHaveLength(1);
      expect(messagesOf(callSid)[0]).toMatchObject({ dedupeKey: `twilio:call:${callSid}`, voice: { outcome: 'voicemail', transcript: { status: 'failed' } } });
    }
    // Counted on whichever replica handed each off: the two together, once per voicemail.
    expect((await fallbacksHandedOff(a)) + (await fallbacksHandedOff(b))).toBe(calls.length);
    const [pending] = await db.dataSource.query<{ count: number }[]>('SELECT count(*)::int AS count FROM voice_pending_voicemails WHERE settled_at IS NULL');
    expect(pending?.count).toBe(0);
  }, 120_000);

  it('lets B settle a voicemail whose recording status reached A when its transcription reaches B', async () => {
    const { callSid, recording } = await recordedCall(a);
    const transcription = await twilioAt(b).post('/twilio/voice/transcription', {
      ...callParams(callSid, caller, LINE, ACCOUNT),
      CallStatus: 'completed',
      RecordingSid: recording.sid,
      RecordingUrl: recording.url,
      TranscriptionSid: `TR${randomUUID().replaceAll('-', '')}`,
      TranscriptionStatus: 'completed',
      TranscriptionText: 'Please call me back about the invoice.',
      TranscriptionType: 'fast',
      TranscriptionUrl: `${emulator.baseUrl}/2010-04-01/Accounts/${ACCOUNT}/Transcriptions/TR`,
    });
    expect(transcription.status).toBe(204);

    await waitFor('the voicemail on the inbound topic', () => messagesOf(callSid).length > 0, 30_000, 100);
    // A's fallback would send it at the deadline, were the call not settled where A can see it.
    await new Promise((resolve) => setTimeout(resolve, PAST_DEADLINE_MS));
    expect(messagesOf(callSid)).toHaveLength(1);
    expect(messagesOf(callSid)[0]).toMatchObject({ text: 'Please call me back about the invoice.', voice: { transcript: { status: 'completed' } } });
  }, 120_000);

  it('hands off, from B, the voicemail of replica A that crashed before its deadline', async () => {
    const { callSid } = await recordedCall(a);
    await replica(a).kill();
    a = undefined;

    await waitFor("A's voicemail on the inbound topic, from B", () => messagesOf(callSid).length > 0, 30_000, 100);
    await new Promise((resolve) => setTimeout(resolve, PAST_DEADLINE_MS));
    expect(messagesOf(callSid)).toHaveLength(1);
    expect(messagesOf(callSid)[0]).toMatchObject({ dedupeKey: `twilio:call:${callSid}`, voice: { transcript: { status: 'failed' } } });
  }, 120_000);
});
