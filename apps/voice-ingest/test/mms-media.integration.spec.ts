import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PendingMediaRepository, type PendingMediaInput } from '@tributary/channel-kit';
import { TOPICS } from '@tributary/contracts';
import { sid, smsWebhook, TwilioEmulator, type TwilioWebhookSender } from '@tributary/channel-voice/testing';
import { createDataSource } from '@tributary/platform-database';
import { bootApp, type BootedApp, ForwardingProxy, freePort, type ReadRecord, readTopic, type RouterUnderTest, startRouterForTenant, type TestDatabase, type TicketWithMessages, waitFor } from '@tributary/platform-testing';
import type { Consumer } from 'kafkajs';
import { voiceIngestApp } from '../src/voice-ingest.app';
import { voiceGroupsFromNow } from './voice-consumer-groups';
import { createVoiceIngestDatabase } from './voice-ingest-database';

const ACCOUNT = `AC${randomUUID().replaceAll('-', '')}`;
const TOKEN = `token-${randomUUID()}`;
const LINE = '+498912345678';
/** Twilio gives up on a webhook after 15 s. */
const TWILIO_WEBHOOK_TIMEOUT_MS = 15_000;
const MEDIA_DEADLINE_MS = 1_500;

interface AttachmentView {
  attachmentId: string | null;
  state: string;
  file: { sha256: string; storageUri: string } | null;
  error: { code: string; message: string } | null;
}

interface TicketDetail extends TicketWithMessages {
  readonly messages: readonly { text: string; attachments: AttachmentView[] }[];
}

/**
 * MMS media whose host does not answer, end to end: Twilio-signed webhooks into voice-ingest, the
 * inbound record and the attachment outcomes over the real broker into the real router (its own
 * process and database), and the ticket as a helpdesk reads it. The media host is a port on
 * loopback (TWILIO_API_BASE_URL) that first swallows requests, then has nothing listening, then
 * serves Twilio's media through the emulator.
 */
describe('MMS media that cannot be fetched while Twilio waits', () => {
  const tenantId = `m-${randomUUID().slice(0, 8)}`;
  const caller = `+4916${String(Date.now()).slice(-9)}`;
  const mediaHost = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN });
  const proxy = new ForwardingProxy();
  const inbound: ReadRecord[] = [];
  const statuses: ReadRecord[] = [];
  const ticketEvents: ReadRecord[] = [];
  const readers: Consumer[] = [];
  let mediaPort: number;
  let directory: string;
  let voiceDb: TestDatabase;
  let router: RouterUnderTest;
  let voice: BootedApp;
  let twilio: TwilioWebhookSender;

  const mediaUrl = (messageSid: string, path = `/2010-04-01/Accounts/${ACCOUNT}/Messages/${messageSid}/Media/ME${randomBytes(16).toString('hex')}`) =>
    `http://127.0.0.1:${mediaPort}${path}`;

  async function attachmentsOf(text: string): Promise<AttachmentView[] | undefined> {
    for (const detail of await router.tickets<TicketDetail>()) {
      const message = detail.messages.find((candidate) => candidate.text === text);
      if (message) return message.attachments;
    }
    return undefined;
  }

  async function untilAttachment(text: string, state: string): Promise<AttachmentView> {
    let found: AttachmentView | undefined;
    await waitFor(`the attachment of "${text}" ${state} on its ticket`, async () => (found = (await attachmentsOf(text))?.[0])?.state === state, 30_000, 100);
    return found as AttachmentView;
  }

  const inboundFor = (messageSid: string) => inbound.find((record) => record.value['providerMessageId'] === messageSid)?.value;
  const statusFor = (attachmentId: string) => statuses.filter((record) => record.value['attachmentId'] === attachmentId).map((record) => record.value);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'mms-media-'));
    mediaPort = await freePort();
    voiceDb = await createVoiceIngestDatabase();
    const publicBaseUrl = await proxy.start();
    router = await startRouterForTenant(tenantId, 'mms_router');
    voice = await bootApp(voiceIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: voiceDb.url,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      // The only loopback host the Twilio media policy admits (besides api.twilio.com): the media host of this test.
      TWILIO_API_BASE_URL: `http://127.0.0.1:${mediaPort}`,
      TWILIO_WEBHOOK_BASE_URL: publicBaseUrl,
      TWILIO_NUMBERS: JSON.stringify({ [LINE]: { tenantId } }),
      SPOOL_DIR: join(directory, 'spool'),
      BLOB_STORE_DIR: join(directory, 'blobs'),
      TWILIO_MMS_MEDIA_DEADLINE_MS: String(MEDIA_DEADLINE_MS),
      // Longer than Twilio waits: only the webhook's own deadline can keep it in time.
      TWILIO_MEDIA_TIMEOUT_MS: '20000',
      MEDIA_RETRY_ATTEMPTS: '3',
      MEDIA_RETRY_BACKOFF_MS: '2000',
      MEDIA_RETRY_MAX_BACKOFF_MS: '4000',
      ...(await voiceGroupsFromNow('mms-media')).env,
    });
    proxy.forwardTo(voice.baseUrl);
    twilio = mediaHost.webhooks(publicBaseUrl, publicBaseUrl);
    const brokers = process.env['KAFKA_BROKERS'] ?? '';
    const ours = (record: ReadRecord) => record.value['tenantId'] === tenantId;
    readers.push(
      await readTopic(brokers, TOPICS.inbound, (record) => ours(record) && inbound.push(record)),
      await readTopic(brokers, TOPICS.attachments, (record) => ours(record) && statuses.push(record)),
      await readTopic(brokers, TOPICS.ticketEvents, (record) => ours(record) && ticketEvents.push(record)),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.disconnect()));
    await voice?.close();
    await router?.stop();
    await proxy.stop();
    await mediaHost.stop();
    await voiceDb?.drop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it('answers Twilio in time while the media host hangs, announces the attachment as pending, and reports it failed with the reason after the retries', async () => {
    // Accepts connections and never answers, like a host behind a dead load balancer.
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(mediaPort, '127.0.0.1', resolve));
    const messageSid = sid('MM');
    const text = 'Photo of the broken parcel';
    const started = Date.now();
    const answer = await twilio.post('/twilio/sms', { ...smsWebhook(caller, LINE, text, ACCOUNT, messageSid), NumMedia: '1', MediaUrl0: mediaUrl(messageSid), MediaContentType0: 'image/jpeg' });
    const tookMs = Date.now() - started;
    expect(answer.status).toBe(200);
    expect(tookMs).toBeLessThan(TWILIO_WEBHOOK_TIMEOUT_MS);
    expect(tookMs).toBeLessThan(MEDIA_DEADLINE_MS + 3_000);
    // From now on nothing listens there at all.
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => silent.close(() => resolve()));

    await waitFor('the inbound record', () => inboundFor(messageSid) !== undefined, 30_000, 100);
    const record = inboundFor(messageSid);
    expect(record?.['attachments']).toEqual([]);
    const [pending] = record?.['pendingAttachments'] as { attachmentId: string }[];
    expect(record?.['pendingAttachments']).toEqual([{ attachmentId: pending?.attachmentId, name: 'media-0', contentType: 'image/jpeg', state: 'pending' }]);
    expect(await untilAttachment(text, 'pending')).toEqual({ attachmentId: pending?.attachmentId, state: 'pending', name: 'media-0', contentType: 'image/jpeg', file: null, downloadPath: null, error: null });

    await waitFor('the failed outcome on tributary.attachments.v1', () => statusFor(pending?.attachmentId ?? '').length > 0, 30_000, 100);
    const [failed] = statusFor(pending?.attachmentId ?? '');
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, messageId: record?.['messageId'], error: { code: 'NETWORK', message: `twilio media from 127.0.0.1:${mediaPort}: the request failed` } });
    expect(failed?.['attachment']).toBeUndefined();
    expect(await untilAttachment(text, 'failed')).toMatchObject({ file: null, error: failed?.['error'] });
    await waitFor('the outcome announced on the ticket stream', () => ticketEvents.some((event) => event.value['changedBy'] === 'router:attachment-failed'), 30_000, 100);
    // Forgotten only after Kafka took the outcome.
    expect(await voiceDb.dataSource.query('SELECT attachment_id FROM channel_pending_media')).toEqual([]);
    const metrics = (await voice.get('/metrics')).body;
    expect(metrics).toContain('tributary_media_retry_outcomes_total{outcome="retry_scheduled",app="voice-ingest"} 1');
    expect(metrics).toContain('tributary_media_retry_outcomes_total{outcome="failed",app="voice-ingest"} 1');
  }, 90_000);

  it('stores the media once its host comes back and reports it stored with a reference to the bytes', async () => {
    const messageSid = sid('MM');
    const text = 'Photo of the label';
    const bytes = randomBytes(2048);
    // Known now, served once the host is up: `addMedia` on an emulator not yet started answers with the path.
    const url = mediaUrl(messageSid, mediaHost.addMedia(messageSid, bytes, 'image/png'));
    const started = Date.now();
    const answer = await twilio.post('/twilio/sms', { ...smsWebhook(caller, LINE, text, ACCOUNT, messageSid), NumMedia: '1', MediaUrl0: url, MediaContentType0: 'image/png' });
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(TWILIO_WEBHOOK_TIMEOUT_MS);
    await waitFor('the inbound record', () => inboundFor(messageSid) !== undefined, 30_000, 100);
    const [pending] = inboundFor(messageSid)?.['pendingAttachments'] as { attachmentId: string; state: string }[];
    expect(pending?.state).toBe('pending');
    expect((await untilAttachment(text, 'pending')).attachmentId).toBe(pending?.attachmentId);

    await mediaHost.start(mediaPort);
    await waitFor('the stored outcome on tributary.attachments.v1', () => statusFor(pending?.attachmentId ?? '').length > 0, 30_000, 100);
    const [stored] = statusFor(pending?.attachmentId ?? '');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(stored).toMatchObject({ state: 'stored', attachment: { name: 'media-0', contentType: 'image/png', sizeBytes: bytes.length, sha256 } });
    const storageUri = (stored?.['attachment'] as { storageUri: string }).storageUri;
    expect(await readFile(fileURLToPath(storageUri))).toEqual(bytes);
    expect(await untilAttachment(text, 'stored')).toMatchObject({ state: 'stored', file: { sha256, storageUri }, error: null });
    await waitFor('the outcome announced on the ticket stream', () => ticketEvents.some((event) => event.value['changedBy'] === 'router:attachment-stored'), 30_000, 100);
  }, 90_000);

  it('lets exactly one replica work on each queued entry, and a replica whose claim ran out change nothing', async () => {
    const db = await createVoiceIngestDatabase();
    const otherReplica = await createDataSource({ url: db.url, poolSize: 4, applicationName: 'mms-media-replica-b' }).initialize();
    try {
      const entries: PendingMediaInput[] = Array.from({ length: 40 }, (_, index) => ({
        attachmentId: randomUUID(),
        messageId: randomUUID(),
        tenantId,
        channel: 'sms',
        provider: 'twilio',
        url: `https://api.twilio.com/media/${index}`,
        name: `media-${index}`,
        traceId: randomBytes(16).toString('hex'),
        error: { code: 'TIMEOUT', message: 'slow' },
      }));
      const a = new PendingMediaRepository(db.dataSource, { replica: 'a' });
      const b = new PendingMediaRepository(otherReplica, { replica: 'b' });
      await a.add(entries, 0);
      const rounds = await Promise.all([a, b, a, b, a, b].map((replica) => replica.claimDue(10)));
      const claimed = rounds.flat().map((entry) => entry.attachmentId);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(claimed).toHaveLength(40);

      const short = new PendingMediaRepository(db.dataSource, { replica: 'slow', claimTtlMs: 100 });
      await short.add([{ ...entries[0]!, attachmentId: randomUUID() }], 0);
      const [slow] = await short.claimDue(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [takenOver] = await b.claimDue(1);
      expect(takenOver?.attachmentId).toBe(slow?.attachmentId);
      await short.remove(slow!);
      expect(await a.count()).toBe(41);
      await b.remove(takenOver!);
      expect(await a.count()).toBe(40);
    } finally {
      await otherReplica.destroy();
      await db.drop();
    }
  });
});
