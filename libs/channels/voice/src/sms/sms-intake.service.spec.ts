import { InboundMessageV1, parseContract } from '@tributary/contracts';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { FileSpool } from '@tributary/platform-spool';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PhoneLinesSchema } from '../config/phone-line.schema';
import { TwilioEmulator } from '../emulation/twilio-emulator';
import { smsWebhook } from '../emulation/twilio-payloads';
import { DurableHandoff } from '@tributary/channel-kit';
import type { HandoffPublisherPort, HandoffRecord } from '@tributary/channel-kit';
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

describe('SmsIntake', () => {
  let directory: string;
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
    intake = new SmsIntake(new PhoneDirectory(lines), new DurableHandoff(publisher, spool, { timeoutMs: 500 }), media, () => new Date('2026-11-25T10:00:00Z'));
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

  it('refuses a number no tenant owns and a payload that is not an SMS, handing on nothing', async () => {
    await expect(intake.receive(smsWebhook('+4915112345678', '+12025550100', 'hi', ACCOUNT))).rejects.toBeInstanceOf(TwilioWebhookError);
    await expect(intake.receive({ From: '+4915112345678', To: '+498912345678' })).rejects.toBeInstanceOf(TwilioWebhookError);
    expect(publisher.published).toHaveLength(0);
    expect(spool.length).toBe(0);
  });
});
