import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableHandoff, MediaFetcher, MediaIntake, NoSpool, WebhookError, type HandoffPublisherPort, type HandoffRecord, type PendingMediaInput } from '@tributary/channel-kit';
import { InboundMessageV1, parseContract, type InboundMessageV1Message } from '@tributary/contracts';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { SendApiEmulator } from './emulation/send-api.emulator';
import {
  attachmentsMessageEvent,
  batchedMessagingWebhook,
  echoEvent,
  editEvent,
  messagingWebhook,
  metaMessageId,
  postbackEvent,
  reactionEvent,
  storyMentionEvent,
  storyReplyEvent,
  textMessageEvent,
  unsentMessageEvent,
} from './emulation/meta-messaging-webhook.builder';
import { InMemoryMetaSentMessages } from './in-memory-meta-sent-messages.fake';
import type { MetaAccount } from './meta-messaging-config.schema';
import { MetaWebhookIntake } from './meta-webhook.intake';

const SECRET = 'meta-app-secret-0123456789abcdef';
const PAGE = { id: '104512345678901', channel: 'messenger' as const };
const INSTAGRAM = { id: '17841400000000001', channel: 'instagram' as const };
const PSID = '6512345678901234';
const IGSID = '7712345678901234';
const ACCOUNTS = new Map<string, MetaAccount>([
  [PAGE.id, { tenantId: 'acme', channel: 'messenger', humanAgentTag: true }],
  [INSTAGRAM.id, { tenantId: 'acme', channel: 'instagram', humanAgentTag: false }],
]);
const RECEIVED = new Date('2026-12-07T10:00:00Z');

/** Kafka's side of the real DurableHandoff: checks every record against its contract and keeps it. */
class RecordingPublisher implements HandoffPublisherPort {
  readonly published: HandoffRecord[] = [];
  validate(): void {}
  publish(records: readonly HandoffRecord[]): Promise<void> {
    this.published.push(...records);
    return Promise.resolve();
  }
  inbound(): InboundMessageV1Message[] {
    return this.published.filter((record) => record.kind === 'inbound').map((record) => parseContract(InboundMessageV1, record.value));
  }
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error: unknown = await promise.then(() => undefined, (reason: unknown) => reason);
  if (!(error instanceof WebhookError)) throw new Error(`expected a WebhookError, got ${String(error)}`);
  return error.message;
}

describe('MetaWebhookIntake', () => {
  const emulator = new SendApiEmulator({ accounts: [{ ...PAGE, token: `EAAG${'p'.repeat(40)}` }], appSecret: SECRET });
  let publisher: RecordingPublisher;
  let queued: PendingMediaInput[];
  let blobs: string;
  let intake: MetaWebhookIntake;

  beforeAll(() => emulator.start());
  afterAll(() => emulator.stop());
  beforeEach(() => {
    blobs = mkdtempSync(join(tmpdir(), 'meta-blobs-'));
    const fetcher = new MediaFetcher(new LocalDirectoryBlobStore(blobs), {
      // Meta's attachment URLs are signed: no credentials go anywhere.
      policies: [{ provider: 'meta', credentialHosts: [], hosts: [new URL(emulator.baseUrl).host], contentTypes: ['*/*'], maxBytes: 1024 * 1024, timeoutMs: 3_000, allowHttpOnLoopback: true }],
    });
    publisher = new RecordingPublisher();
    queued = [];
    const queue = { add: (media: readonly PendingMediaInput[]) => Promise.resolve(void queued.push(...media)) };
    intake = new MetaWebhookIntake(new DurableHandoff(publisher, new NoSpool(), { timeoutMs: 1_000 }), new MediaIntake(fetcher, queue, { deadlineMs: 2_000, retryInMs: 5_000 }), new InMemoryMetaSentMessages(), {
      accounts: ACCOUNTS,
      now: () => RECEIVED,
    });
  });
  afterEach(() => rmSync(blobs, { recursive: true, force: true }));

  it("hands off a customer's Messenger text as InboundMessage v1, the same record again when Meta repeats the webhook", async () => {
    const mid = metaMessageId();
    const sentAt = new Date('2026-12-07T09:59:58Z');
    const webhook = messagingWebhook(PAGE, textMessageEvent(PAGE, PSID, 'Where is my parcel?', { mid, at: sentAt, quickReplyPayload: 'TRACK' }));
    expect(await intake.receive(webhook)).toEqual({ messages: 1, echoes: 0, ownEchoes: 0, statuses: 0, ignored: 0 });
    await intake.receive(JSON.parse(JSON.stringify(webhook)));
    const [first, again] = publisher.inbound();
    expect(first).toMatchObject({
      tenantId: 'acme', channel: 'messenger', provider: 'meta', providerMessageId: mid, dedupeKey: `meta:${mid}`, sentAt: sentAt.toISOString(),
      sender: { identities: [{ kind: 'messenger', value: PSID }] }, inbox: { address: PAGE.id }, thread: { conversationId: `${PAGE.id}:${PSID}` },
      text: 'Where is my parcel?', extras: { metaQuickReplyPayload: 'TRACK' },
    });
    expect(first?.direction).toBeUndefined();
    expect(again).toEqual(first);
  });

  it("copies the customer's files from Meta's CDN without a token, and announces one the CDN refuses as failed", async () => {
    const photo = emulator.addCdnMedia('dent.jpg', Buffer.alloc(1024, 7), 'image/jpeg');
    const expired = `${emulator.baseUrl}/cdn/v/t1.15752-9/gone.mp4?oe=1`;
    await intake.receive(messagingWebhook(PAGE, attachmentsMessageEvent(PAGE, PSID, [{ type: 'image', url: photo }, { type: 'video', url: expired }], { text: 'see' })));
    const [message] = publisher.inbound();
    expect(message?.text).toBe('see');
    expect(message?.attachments).toEqual([expect.objectContaining({ name: 'dent.jpg', contentType: 'image/jpeg', sizeBytes: 1024 })]);
    expect(message?.pendingAttachments).toEqual([expect.objectContaining({ name: 'gone.mp4', state: 'failed' })]);
  });

  it('makes postbacks, reactions, edits and unsent messages readable, each once', async () => {
    const mid = metaMessageId();
    await intake.receive(
      messagingWebhook(
        PAGE,
        postbackEvent(PAGE, PSID, { title: 'Talk to a person', payload: 'HUMAN' }),
        reactionEvent(PAGE, PSID, { mid, action: 'react', emoji: '\u{1F44D}' }),
        reactionEvent(PAGE, PSID, { mid, action: 'unreact' }),
        editEvent(PAGE, PSID, { mid, text: 'Where is my parcel now?', numEdit: 1 }),
      ),
    );
    expect(publisher.inbound().map((message) => [message.text, message.extras['metaType']])).toEqual([
      ['Talk to a person', 'postback'],
      ['Reacted \u{1F44D} to a message', 'reaction'],
      ['Removed a reaction', 'reaction'],
      ['Edited a message: Where is my parcel now?', 'edit'],
    ]);
    expect(new Set(publisher.inbound().map((message) => message.dedupeKey)).size).toBe(4);
  });

  it('shows Instagram story replies and mentions as text with the story link, without storing the story', async () => {
    const story = 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=179&signature=abc';
    const mid = metaMessageId('instagram');
    await intake.receive(
      messagingWebhook(INSTAGRAM, storyReplyEvent(INSTAGRAM, IGSID, 'Love it!', { url: story, id: '17900000000000001' }), storyMentionEvent(INSTAGRAM, IGSID, story), unsentMessageEvent(INSTAGRAM, IGSID, mid)),
    );
    const [reply, mention, unsent] = publisher.inbound();
    expect(reply).toMatchObject({ channel: 'instagram', sender: { identities: [{ kind: 'instagram', value: IGSID }] }, extras: { metaStoryId: '17900000000000001' } });
    expect(reply?.text).toBe(`Replied to your story: ${story} (story links stop working when the story expires)\nLove it!`);
    expect(mention?.text).toBe(`Mentioned you in their story: ${story} (story links stop working when the story expires)`);
    expect(mention?.attachments).toEqual([]);
    expect(unsent).toMatchObject({ text: '[The customer unsent a message]', dedupeKey: `meta:deleted:${mid}` });
  });

  it('refuses the whole webhook (400) for an account not configured, another object kind, or an event not Meta\'s, handing off nothing', async () => {
    const good = messagingWebhook(PAGE, textMessageEvent(PAGE, PSID, 'hi'));
    const stranger = messagingWebhook({ id: '999', channel: 'messenger' }, textMessageEvent({ id: '999', channel: 'messenger' }, PSID, 'hi'));
    expect(await refusal(intake.receive(batchedMessagingWebhook(good, stranger)))).toMatch(/account 999 is not in META_PAGES/);
    expect(await refusal(intake.receive({ ...good, object: 'instagram' }))).toMatch(/configured as messenger/);
    expect(await refusal(intake.receive(messagingWebhook(PAGE, { sender: { id: 'jane' }, recipient: { id: PAGE.id } })))).toMatch(/event 0 of account .* sender\.id/);
    expect(publisher.published).toEqual([]);
  });

  it("keeps a conversation's order when the page's own inbox answers within the same webhook", async () => {
    const outcome = await intake.receive(
      messagingWebhook(PAGE, textMessageEvent(PAGE, PSID, 'first'), echoEvent(PAGE, PSID, { mid: metaMessageId(), text: 'answer from the inbox', appId: '263902037430900' }), textMessageEvent(PAGE, PSID, 'thanks')),
    );
    expect(outcome).toMatchObject({ messages: 2, echoes: 1 });
    expect(publisher.inbound().map((message) => [message.text, message.direction ?? 'inbound'])).toEqual([['first', 'inbound'], ['answer from the inbox', 'outbound'], ['thanks', 'inbound']]);
  });

  it('passes over events addressed by something other than scoped ids (an opt-in by user_ref)', async () => {
    const optin = { sender: { user_ref: 'checkbox-42' }, recipient: { id: PAGE.id }, timestamp: 1, optin: { ref: 'x', user_ref: 'checkbox-42' } };
    expect(await intake.receive(messagingWebhook(PAGE, optin, textMessageEvent(PAGE, PSID, 'hi')))).toMatchObject({ messages: 1, ignored: 1 });
  });
});
