import { DurableHandoff, MediaFetchError, MediaFetchErrorCode, MediaIntake, NoSpool, WebhookError, WebhookErrorCode } from '@tributary/channel-kit';
import type { FetchedMedia, HandoffPublisherPort, HandoffRecord, MediaDownloaderPort, PendingMediaInput } from '@tributary/channel-kit';
import { DeliveryStatusV1, InboundMessageV1, parseContract, type DeliveryStatusV1Message, type InboundMessageV1Message } from '@tributary/contracts';
import { outboundReplyFixture } from '@tributary/contracts/testing';
import { batchedWebhook, mediaMessageWebhook, messageWebhook, statusWebhook, textMessageWebhook } from './emulation/whatsapp-webhook.builder';
import { encodeReplyCallbackData } from './reply-callback-data.util';
import type { WhatsappNumber } from './whatsapp-cloud-config.schema';
import { WhatsappWebhookIntake } from './whatsapp-webhook.intake';

const ACME = { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', wabaId: '102290129340398' };
const GLOBEX = { phoneNumberId: '206540352242922', displayPhoneNumber: '15550783882', wabaId: '202290129340398' };
const UNKNOWN = { phoneNumberId: '306540352242922', displayPhoneNumber: '15550783883', wabaId: '102290129340398' };
const ERIKA = { waId: '4915112345678', userId: 'DE.13491208655302741918', name: 'Erika' };
const ANA = { userId: 'CO.1098765432', name: 'Ana' };
const NUMBERS = new Map<string, WhatsappNumber>([
  [ACME.phoneNumberId, { tenantId: 'acme' }],
  [GLOBEX.phoneNumberId, { tenantId: 'globex' }],
]);
const RECEIVED = new Date('2026-12-07T10:00:00Z');
const BLOB: FetchedMedia = { sha256: 'b'.repeat(64), sizeBytes: 5, storageUri: 'file:///blobs/bb/bbbb', contentType: 'image/jpeg' };

/** Kafka's side of the real DurableHandoff: checks each record against its contract, as the Kafka publisher does, and keeps it. */
class RecordingPublisher implements HandoffPublisherPort {
  readonly published: HandoffRecord[] = [];

  validate(record: HandoffRecord): void {
    if (record.kind === 'inbound') parseContract(InboundMessageV1, record.value);
    else parseContract(DeliveryStatusV1, record.value);
  }

  publish(records: readonly HandoffRecord[]): Promise<void> {
    this.published.push(...records);
    return Promise.resolve();
  }

  inbound(): InboundMessageV1Message[] {
    return this.published.filter((record) => record.kind === 'inbound').map((record) => parseContract(InboundMessageV1, record.value));
  }

  deliveries(): DeliveryStatusV1Message[] {
    return this.published.filter((record) => record.kind === 'delivery').map((record) => parseContract(DeliveryStatusV1, record.value));
  }
}

/** Media ids ending in "ok" are stored; any other fails as a network error (retryable). */
class StubDownloader implements MediaDownloaderPort {
  readonly asked: string[] = [];

  fetchToBlob(provider: string, url: string): Promise<FetchedMedia> {
    this.asked.push(url);
    if (url.endsWith('ok')) return Promise.resolve(BLOB);
    return Promise.reject(new MediaFetchError(MediaFetchErrorCode.Network, 'connection reset', { provider, host: 'graph.example' }));
  }
}

function reply(outboundId: string): string {
  return encodeReplyCallbackData(outboundReplyFixture({ channel: 'whatsapp', outboundId }));
}

async function refusal(promise: Promise<unknown>): Promise<WebhookError> {
  const error: unknown = await promise.then(() => undefined, (reason: unknown) => reason);
  if (!(error instanceof WebhookError)) throw new Error(`expected a WebhookError, got ${String(error)}`);
  return error;
}

describe('WhatsappWebhookIntake', () => {
  let publisher: RecordingPublisher;
  let downloader: StubDownloader;
  let queued: PendingMediaInput[];
  let intake: WhatsappWebhookIntake;

  beforeEach(() => {
    publisher = new RecordingPublisher();
    downloader = new StubDownloader();
    queued = [];
    const queue = { add: (media: readonly PendingMediaInput[]) => Promise.resolve(void queued.push(...media)) };
    intake = new WhatsappWebhookIntake(new DurableHandoff(publisher, new NoSpool(), { timeoutMs: 1_000 }), new MediaIntake(downloader, queue, { deadlineMs: 1_000, retryInMs: 5_000 }), {
      numbers: NUMBERS,
      mediaUrl: (mediaId) => `https://graph.example/v23.0/${mediaId}`,
      now: () => RECEIVED,
    });
  });

  it('hands off every message and status of a batch, each kind in the order Meta sent it', async () => {
    const first = textMessageWebhook(ACME, ERIKA, 'first');
    const second = textMessageWebhook(ACME, ANA, 'second');
    const third = textMessageWebhook(GLOBEX, ERIKA, 'third');
    const outcome = await intake.receive(
      batchedWebhook(
        first.payload,
        statusWebhook(ACME, { id: 'wamid.s1=', status: 'delivered', recipientWaId: ERIKA.waId, bizOpaqueCallbackData: reply('11111111-1111-4111-8111-111111111111') }),
        second.payload,
        statusWebhook(ACME, { id: 'wamid.s2=', status: 'read', recipientWaId: ERIKA.waId, bizOpaqueCallbackData: reply('22222222-2222-4222-8222-222222222222') }),
        third.payload,
      ),
    );
    expect(outcome).toEqual({ messages: 3, statuses: 2, ignored: 0 });
    expect(publisher.inbound().map((message) => [message.providerMessageId, message.text, message.tenantId])).toEqual([
      [first.messageId, 'first', 'acme'],
      [second.messageId, 'second', 'acme'],
      [third.messageId, 'third', 'globex'],
    ]);
    expect(publisher.deliveries().map((status) => [status.providerMessageId, status.state])).toEqual([
      ['wamid.s1=', 'delivered'],
      ['wamid.s2=', 'read'],
    ]);
  });

  it('stamps every message with the time the webhook was received', async () => {
    await intake.receive(textMessageWebhook(ACME, ERIKA, 'hi').payload);
    expect(publisher.inbound()[0]?.receivedAt).toBe(RECEIVED.toISOString());
  });

  it("keys a customer's messages by contact, so they stay in order, whether the number is shown or hidden", async () => {
    await intake.receive(batchedWebhook(textMessageWebhook(ACME, ERIKA, 'a').payload, textMessageWebhook(ACME, ANA, 'b').payload, textMessageWebhook(ACME, ERIKA, 'c').payload));
    const keys = publisher.published.map((record) => record.key);
    expect(keys[0]).toBe(keys[2]);
    expect(keys[1]).not.toBe(keys[0]);
    expect(keys.every((key) => key.startsWith('acme:'))).toBe(true);
  });

  it('hands off the same records when Meta redelivers the webhook', async () => {
    const { payload } = textMessageWebhook(ACME, ERIKA, 'hi');
    await intake.receive(payload);
    await intake.receive(JSON.parse(JSON.stringify(payload)));
    const [once, again] = publisher.published;
    expect(again).toEqual(once);
  });

  it('refuses the whole webhook when any phone-number id is not configured, before handing anything off', async () => {
    const webhook = batchedWebhook(
      textMessageWebhook(ACME, ERIKA, 'served').payload,
      mediaMessageWebhook(ACME, ERIKA, { type: 'image', mediaId: 'media-ok', mimeType: 'image/jpeg' }).payload,
      textMessageWebhook(UNKNOWN, ERIKA, 'not served').payload,
    );
    const error = await refusal(intake.receive(webhook));
    expect(error.code).toBe(WebhookErrorCode.PayloadInvalid);
    expect(error.message).toContain(UNKNOWN.phoneNumberId);
    expect(publisher.published).toEqual([]);
    expect(downloader.asked).toEqual([]);
  });

  it('refuses the whole webhook when a status comes for a number that is not configured', async () => {
    const webhook = batchedWebhook(
      textMessageWebhook(ACME, ERIKA, 'served').payload,
      statusWebhook(UNKNOWN, { id: 'wamid.s1=', status: 'read', recipientWaId: ERIKA.waId, bizOpaqueCallbackData: reply('11111111-1111-4111-8111-111111111111') }),
    );
    expect((await refusal(intake.receive(webhook))).code).toBe(WebhookErrorCode.PayloadInvalid);
    expect(publisher.published).toEqual([]);
  });

  it('refuses the whole webhook when one message names no usable sender, before handing anything off', async () => {
    const webhook = batchedWebhook(textMessageWebhook(ACME, ERIKA, 'fine').payload, textMessageWebhook(ACME, { waId: '0015112345678' }, 'no sender').payload);
    expect((await refusal(intake.receive(webhook))).code).toBe(WebhookErrorCode.PayloadInvalid);
    expect(publisher.published).toEqual([]);
  });

  it('ignores changes of other fields, whatever their value holds', async () => {
    const { payload } = textMessageWebhook(ACME, ERIKA, 'hi');
    const webhook = {
      object: 'whatsapp_business_account',
      entry: [
        { id: ACME.wabaId, changes: [{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT', phone_number: '15550783881' } }, { field: 'message_template_status_update', value: 'not even an object' }] },
        ...payload.entry,
      ],
    };
    expect(await intake.receive(webhook)).toEqual({ messages: 1, statuses: 0, ignored: 0 });
    expect(publisher.published).toHaveLength(1);
  });

  it('answers a webhook of other fields only with nothing to hand off', async () => {
    const webhook = { object: 'whatsapp_business_account', entry: [{ id: ACME.wabaId, changes: [{ field: 'account_update', value: {} }] }] };
    expect(await intake.receive(webhook)).toEqual({ messages: 0, statuses: 0, ignored: 0 });
    expect(publisher.published).toEqual([]);
  });

  it("counts statuses of messages Tributary did not send as ignored and hands them off not", async () => {
    const outcome = await intake.receive(statusWebhook(ACME, { id: 'wamid.phone=', status: 'read', recipientWaId: ERIKA.waId }));
    expect(outcome).toEqual({ messages: 0, statuses: 0, ignored: 1 });
    expect(publisher.published).toEqual([]);
  });

  it.each([
    ['not a business-account webhook', { object: 'page', entry: [] }],
    ['no JSON object at all', 'hello'],
    ['a messages change that is not WhatsApp\'s', { object: 'whatsapp_business_account', entry: [{ id: ACME.wabaId, changes: [{ field: 'messages', value: { messaging_product: 'instagram' } }] }] }],
  ])('refuses %s as an invalid payload', async (_case, body) => {
    expect((await refusal(intake.receive(body))).code).toBe(WebhookErrorCode.PayloadInvalid);
    expect(publisher.published).toEqual([]);
  });

  it('stores media through the Graph media URL and hands the message off with the attachment', async () => {
    await intake.receive(mediaMessageWebhook(ACME, ERIKA, { type: 'image', mediaId: 'media-ok', mimeType: 'image/jpeg', caption: 'the dent' }).payload);
    expect(downloader.asked).toEqual(['https://graph.example/v23.0/media-ok']);
    const [message] = publisher.inbound();
    expect(message?.text).toBe('the dent');
    expect(message?.attachments).toEqual([{ name: 'image', contentType: 'image/jpeg', sizeBytes: 5, sha256: BLOB.sha256, storageUri: BLOB.storageUri }]);
    expect(message?.pendingAttachments).toBeUndefined();
  });

  it('queues media that failed for a retry before handing the message off with it pending', async () => {
    await intake.receive(mediaMessageWebhook(ACME, ERIKA, { type: 'document', mediaId: 'media-down', mimeType: 'application/pdf', filename: 'invoice.pdf' }).payload);
    const [message] = publisher.inbound();
    expect(message?.attachments).toEqual([]);
    expect(message?.pendingAttachments).toEqual([{ attachmentId: queued[0]?.attachmentId, name: 'invoice.pdf', contentType: 'application/pdf', state: 'pending' }]);
    expect(queued).toEqual([expect.objectContaining({ messageId: message?.messageId, url: 'https://graph.example/v23.0/media-down', provider: 'whatsapp-cloud', tenantId: 'acme' })]);
  });

  it('hands off a message sharing more contacts than it shows, and the messages batched with it', async () => {
    const contacts = Array.from({ length: 21 }, (_, index) => ({ name: { formatted_name: `Contact ${index}` }, phones: [{ phone: `+1 555-555-${1000 + index}` }] }));
    const webhook = batchedWebhook(textMessageWebhook(ACME, ANA, 'before').payload, messageWebhook(ACME, ERIKA, { type: 'contacts', contacts }).payload);
    await expect(intake.receive(webhook)).resolves.toMatchObject({ messages: 2 });
    expect(publisher.inbound()).toHaveLength(2);
  });

  it("holds a batch of media messages from a slow host about one media deadline, not one per message", async () => {
    const hanging: MediaDownloaderPort = {
      fetchToBlob: (provider, _url, call) =>
        new Promise((_, reject) => call?.signal?.addEventListener('abort', () => reject(new MediaFetchError(MediaFetchErrorCode.Aborted, 'deadline', { provider })))),
    };
    const slow = new WhatsappWebhookIntake(new DurableHandoff(publisher, new NoSpool(), { timeoutMs: 1_000 }), new MediaIntake(hanging, { add: () => Promise.resolve() }, { deadlineMs: 200, retryInMs: 5_000 }), {
      numbers: NUMBERS,
      mediaUrl: (mediaId) => `https://graph.example/v23.0/${mediaId}`,
    });
    const photos = Array.from({ length: 5 }, (_, index) => mediaMessageWebhook(ACME, ERIKA, { type: 'image', mediaId: `photo-${index}`, mimeType: 'image/jpeg' }).payload);
    const started = Date.now();
    await slow.receive(batchedWebhook(...photos));
    expect(publisher.inbound().map((message) => message.pendingAttachments?.[0]?.state)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
