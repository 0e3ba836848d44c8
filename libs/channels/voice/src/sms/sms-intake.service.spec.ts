import { InboundMessageV1, parseContract } from '@tributary/contracts';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { FileSpool } from '@tributary/platform-spool';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PhoneLinesSchema } from '../config/phone-line.schema';
import { TwilioEmulator } from '../emulation/twilio-emulator';
import { smsWebhook } from '../emulation/twilio-payloads';
import { DurableHandoff, MediaIntake } from '@tributary/channel-kit';
import type { HandoffPublisherPort, HandoffRecord, PendingMediaInput } from '@tributary/channel-kit';
import { PhoneDirectory } from '../twilio/phone-directory';
import { TwilioMediaFetcher } from '../twilio/twilio-media.fetcher';
import { TwilioWebhookError } from '../twilio/twilio-webhook.error';
import { SmsIntake } from './sms-intake.service';

const ACCOUNT = `AC${'0'.repeat(32)}`;
const TOKEN = 'test-auth-token-0123456789';

/** Records what reached "Kafka", validating each as the real publisher does. */
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

/** The retry queue as the intake sees it: what was queued, in order. */
class RecordingQueue {
  readonly queued: PendingMediaInput[] = [];
  async add(media: readonly PendingMediaInput[]): Promise<void> {
    // Written a turn later, as a database would: only a caller that waits sees it done.
    await new Promise((resolve) => setImmediate(resolve));
    this.queued.push(...media);
  }
}

describe('SmsIntake', () => {
  let directory: string;
  let queue: RecordingQueue;
  let spool: FileSpool<HandoffRecord>;
  let emulator: TwilioEmulator;
  let publisher: CollectingPublisher;
  let intake: SmsIntake;

  beforeAll(async () => {
    emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN });
    await emulator.start();
  });
  afterAll(() => emulator.stop());

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sms-intake-'));
    spool = new FileSpool<HandoffRecord>({ directory: join(directory, 'spool'), maxBytes: 1_000_000 });
    await spool.open();
    publisher = new CollectingPublisher();
    const lines = PhoneLinesSchema.parse('{"+498912345678":{"tenantId":"acme","displayName":"Acme support"}}');
    const media = new TwilioMediaFetcher(new LocalDirectoryBlobStore(join(directory, 'blobs')), { accountSid: ACCOUNT, authToken: TOKEN, apiBaseUrl: emulator.baseUrl, maxBytes: 1_000_000, timeoutMs: 2_000 });
    queue = new RecordingQueue();
    const mediaIntake = new MediaIntake(media.downloader, queue, { deadlineMs: 300, retryInMs: 1_000 });
    intake = new SmsIntake(new PhoneDirectory(lines), new DurableHandoff(publisher, spool, { timeoutMs: 500 }), mediaIntake, () => new Date('2026-11-25T10:00:00Z'));
  });

  afterEach(async () => {
    await spool.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('turns a Twilio SMS webhook into an InboundMessage v1 for the tenant of the called number', async () => {
    const params = smsWebhook('+4915112345678', '+498912345678', 'Where is my parcel?', ACCOUNT);
    await expect(intake.receive(params)).resolves.toBe('published');
    const [record] = publisher.published;
    const message = parseContract(InboundMessageV1, record?.value);
    expect(record?.key).toBe('acme:phone:+4915112345678');
    expect(message).toMatchObject({
      tenantId: 'acme',
      channel: 'sms',
      provider: 'twilio',
      providerMessageId: params['MessageSid'],
      dedupeKey: `twilio:message:${params['MessageSid']}`,
      sender: { identities: [{ kind: 'phone', value: '+4915112345678' }] },
      inbox: { address: '+498912345678', displayName: 'Acme support' },
      text: 'Where is my parcel?',
    });
  });

  it('copies MMS media into the blob store and passes references', async () => {
    const params = smsWebhook('+4915112345678', '+498912345678', 'photo of the damage', ACCOUNT);
    const image = Buffer.from('\x89PNG fake image bytes');
    const url = emulator.addMedia(params['MessageSid'] ?? '', image, 'image/png');
    await intake.receive({ ...params, NumMedia: '1', MediaUrl0: url, MediaContentType0: 'image/png' });
    const message = parseContract(InboundMessageV1, publisher.published[0]?.value);
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0]).toMatchObject({ contentType: 'image/png', sizeBytes: image.length });
    expect(JSON.stringify(message)).not.toContain(image.toString('base64'));
  });

  it('announces media it could not fetch in time as pending, queued for a retry before the message is handed off, and media Twilio no longer has as failed', async () => {
    const params = smsWebhook('+4915112345678', '+498912345678', 'two photos', ACCOUNT);
    const sid = params['MessageSid'] ?? '';
    // Accepts the connection and never answers: only the webhook's deadline ends the fetch.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/2010-04-01/Accounts/${ACCOUNT}/Messages/${sid}/Media/ME${'1'.repeat(32)}`;
    const slow = new TwilioMediaFetcher(new LocalDirectoryBlobStore(join(directory, 'blobs')), { accountSid: ACCOUNT, authToken: TOKEN, apiBaseUrl: new URL(silentUrl).origin, maxBytes: 1_000, timeoutMs: 5_000 });
    const handOffs: number[] = [];
    const recordingPublisher = { validate: () => undefined, publish: (records: readonly HandoffRecord[]) => (handOffs.push(queue.queued.length), publisher.publish(records)) };
    const withSilentHost = new SmsIntake(
      new PhoneDirectory(PhoneLinesSchema.parse('{"+498912345678":{"tenantId":"acme"}}')),
      new DurableHandoff(recordingPublisher, spool, { timeoutMs: 500 }),
      new MediaIntake(slow.downloader, queue, { deadlineMs: 300, retryInMs: 1_000 }),
    );
    const gone = silentUrl.replace(/ME1+$/, `ME${'2'.repeat(32)}`);
    silent.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (request.url?.endsWith('2'.repeat(32))) response.writeHead(404).end();
    });
    const started = Date.now();
    try {
      await withSilentHost.receive({ ...params, NumMedia: '2', MediaUrl0: silentUrl, MediaContentType0: 'image/jpeg', MediaUrl1: gone });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
    expect(Date.now() - started).toBeLessThan(2_000);
    const message = parseContract(InboundMessageV1, publisher.published[0]?.value);
    expect(message.attachments).toEqual([]);
    expect(message.pendingAttachments).toEqual([
      { attachmentId: queue.queued[0]?.attachmentId, name: 'media-0', contentType: 'image/jpeg', state: 'pending' },
      { attachmentId: expect.any(String) as unknown, name: 'media-1', state: 'failed', error: { code: 'GONE', message: expect.stringContaining('answered HTTP 404') as unknown } },
    ]);
    expect(queue.queued).toEqual([expect.objectContaining({ messageId: message.messageId, url: silentUrl, error: expect.objectContaining({ code: 'ABORTED' }) as unknown })]);
    // The retry was queued before the hand-off, never after.
    expect(handOffs).toEqual([1]);
    expect(message.extras).toEqual({ numMedia: 2, numSegments: 1 });
  });

  it('refuses a number no tenant owns and a payload that is not an SMS, handing on nothing', async () => {
    await expect(intake.receive(smsWebhook('+4915112345678', '+12025550100', 'hi', ACCOUNT))).rejects.toBeInstanceOf(TwilioWebhookError);
    await expect(intake.receive({ From: '+4915112345678', To: '+498912345678' })).rejects.toBeInstanceOf(TwilioWebhookError);
    expect(publisher.published).toHaveLength(0);
    expect(spool.length).toBe(0);
  });
  it('hands off an MMS whose MediaContentType the contract would refuse, leaving the type out (fuzz counterexample: "\\u0000\\u{10000}", 3 UTF-16 units but 2 characters)', async () => {
    const params = smsWebhook('+4915112345678', '+498912345678', 'odd type', ACCOUNT);
    await expect(intake.receive({ ...params, NumMedia: '1', MediaContentType0: '\u0000\u{10000}' })).resolves.toBe('published');
    const message = parseContract(InboundMessageV1, publisher.published[0]?.value);
    expect(message.pendingAttachments).toEqual([expect.objectContaining({ name: 'media-0', state: 'failed' })]);
    expect(message.pendingAttachments?.[0]).not.toHaveProperty('contentType');
  });
});
