import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DurableHandoff, MediaFetcher, MediaIntake, NoSpool, type HandoffPublisherPort, type HandoffRecord } from '@tributary/channel-kit';
import { DeliveryStatusV1, InboundMessageV1, parseContract, type DeliveryStatusV1Message, type InboundMessageV1Message, type OutboundMessageV1Message } from '@tributary/contracts';
import { outboundReplyFixture } from '@tributary/contracts/testing';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { echoEvent, messagingWebhook, metaMessageId } from './emulation/meta-messaging-webhook.builder';
import { SendApiEmulator } from './emulation/send-api.emulator';
import { signedMetaWebhook } from '../whatsapp-cloud/emulation/meta-json.util';
import { InMemoryMetaSentMessages } from './in-memory-meta-sent-messages.fake';
import type { MetaAccount } from './meta-messaging-config.schema';
import { MetaMessagingWebhookVerifier } from './meta-messaging-webhook.verifier';
import { MetaReplySender } from './meta-reply.sender';
import { MetaWebhookIntake, type MetaWebhookOutcome } from './meta-webhook.intake';

const SECRET = 'meta-app-secret-0123456789abcdef';
const PAGE = { id: '104512345678901', channel: 'messenger' as const, token: `EAAG${'p'.repeat(40)}` };
const INSTAGRAM = { id: '17841400000000001', channel: 'instagram' as const, token: `EAAG${'i'.repeat(40)}` };
const ACCOUNTS = new Map<string, MetaAccount>([
  [PAGE.id, { tenantId: 'acme', channel: 'messenger', humanAgentTag: false }],
  [INSTAGRAM.id, { tenantId: 'acme', channel: 'instagram', humanAgentTag: false }],
]);
const TOKENS = new Map([PAGE, INSTAGRAM].map((account) => [account.id, account.token]));

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
  deliveries(): DeliveryStatusV1Message[] {
    return this.published.filter((record) => record.kind === 'delivery').map((record) => parseContract(DeliveryStatusV1, record.value));
  }
}

/** The app's webhook edge in miniature: Meta's signature checked over the raw bytes, then the intake. */
class WebhookEdge {
  readonly outcomes: MetaWebhookOutcome[] = [];
  url = '';
  private readonly verifier = new MetaMessagingWebhookVerifier([SECRET], 'http://127.0.0.1');
  private readonly server: Server;

  constructor(intake: () => MetaWebhookIntake) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks);
        try {
          this.verifier.verify({ rawBody, headers: request.headers, publicUrl: this.url });
        } catch {
          return void response.writeHead(403).end();
        }
        void intake()
          .receive(JSON.parse(rawBody.toString('utf8')))
          .then((outcome) => {
            this.outcomes.push(outcome);
            response.writeHead(200).end();
          }, () => response.writeHead(500).end());
      });
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/meta/webhook`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('Messenger and Instagram round trip: Send API emulation, echoes and watermarks through the intake', () => {
  const emulator = new SendApiEmulator({ accounts: [PAGE, INSTAGRAM], appSecret: SECRET });
  let publisher: RecordingPublisher;
  let sent: InMemoryMetaSentMessages;
  let intake: MetaWebhookIntake;
  let sender: MetaReplySender;
  const edge = new WebhookEdge(() => intake);
  let customerSeq = 0;

  beforeAll(async () => {
    await emulator.start();
    await edge.start();
    emulator.setWebhookUrl(edge.url);
  });
  afterAll(async () => {
    await emulator.stop();
    await edge.stop();
  });
  beforeEach(async () => {
    await emulator.webhooksSettled();
    publisher = new RecordingPublisher();
    sent = new InMemoryMetaSentMessages();
    // No attachments travel here; the fetcher only needs a policy to exist.
    const fetcher = new MediaFetcher(new LocalDirectoryBlobStore('/nonexistent'), { policies: [{ provider: 'meta', credentialHosts: [], hosts: ['*.fbcdn.net'], contentTypes: ['*/*'], maxBytes: 1, timeoutMs: 100 }] });
    intake = new MetaWebhookIntake(new DurableHandoff(publisher, new NoSpool(), { timeoutMs: 1_000 }), new MediaIntake(fetcher, { add: () => Promise.resolve() }, { deadlineMs: 100, retryInMs: 1_000 }), sent, { accounts: ACCOUNTS });
    sender = new MetaReplySender({ graphBaseUrl: emulator.baseUrl, apiVersion: 'v23.0', accounts: ACCOUNTS, pageToken: (id) => TOKENS.get(id), sent });
    emulator.setEchoTiming('after-answer');
    edge.outcomes.length = 0;
  });

  /** A customer who just wrote to `account`, through a signed webhook like any other. */
  async function customerWrites(account: typeof PAGE | typeof INSTAGRAM): Promise<{ customer: string; mid: string; receivedAt: Date }> {
    customerSeq += 1;
    const customer = `65123456789${String(customerSeq).padStart(5, '0')}`;
    const { mid } = await emulator.customerSends(account.id, customer, 'Where is my parcel?');
    return { customer, mid, receivedAt: new Date() };
  }

  function reply(account: typeof PAGE | typeof INSTAGRAM, customer: { customer: string; mid: string; receivedAt: Date }, text = 'It ships today.'): OutboundMessageV1Message {
    return outboundReplyFixture({
      outboundId: crypto.randomUUID(), channel: account.channel, provider: 'meta', to: { kind: account.channel, value: customer.customer }, from: { address: account.id }, text,
      answering: { providerMessageId: customer.mid, receivedAt: customer.receivedAt.toISOString() },
    });
  }

  it("drops the echo of Tributary's own reply even when Meta posts it before the Send API answers", async () => {
    const customer = await customerWrites(PAGE);
    emulator.setEchoTiming('before-answer');
    const status = await sender.send(reply(PAGE, customer));
    await emulator.webhooksSettled();
    expect(status.state).toBe('sent');
    // The customer's message is on the ticket; the reply is not added a second time by its echo.
    expect(publisher.inbound().map((message) => message.text)).toEqual(['Where is my parcel?']);
    expect(edge.outcomes.at(-1)).toMatchObject({ ownEchoes: 1, echoes: 0 });
  });

  it('also drops an echo without metadata of a message it recorded sending', async () => {
    const customer = await customerWrites(PAGE);
    emulator.setEchoTiming('none');
    const status = await sender.send(reply(PAGE, customer));
    const echo = echoEvent(PAGE, customer.customer, { mid: status.providerMessageId ?? '', text: 'It ships today.', appId: '1517776481860111' });
    expect(await intake.receive(messagingWebhook(PAGE, echo))).toMatchObject({ ownEchoes: 1, echoes: 0 });
  });

  it("shows a message written in the page's own inbox on the customer's ticket as the business's", async () => {
    const customer = await customerWrites(PAGE);
    const mid = metaMessageId();
    const { rawBody, headers } = signedMetaWebhook(messagingWebhook(PAGE, echoEvent(PAGE, customer.customer, { mid, text: 'Hi, Anna from support here.', appId: '263902037430900' })), SECRET);
    expect((await fetch(edge.url, { method: 'POST', headers, body: rawBody })).status).toBe(200);
    const written = publisher.inbound().at(-1);
    expect(written).toMatchObject({ direction: 'outbound', text: 'Hi, Anna from support here.', dedupeKey: `meta:${mid}`, sender: { identities: [{ kind: 'messenger', value: customer.customer }] }, extras: { metaAppId: '263902037430900' } });
  });

  it('maps Messenger delivery and read watermarks to the replies they cover, forward only and once', async () => {
    const customer = await customerWrites(PAGE);
    emulator.setEchoTiming('none');
    const first = await sender.send(reply(PAGE, customer, 'one'));
    const second = await sender.send(reply(PAGE, customer, 'two'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await emulator.deliver(PAGE.id, customer.customer);
    await emulator.deliver(PAGE.id, customer.customer);
    await emulator.read(PAGE.id, customer.customer);
    // A late delivery after the read moves nothing back.
    await emulator.deliver(PAGE.id, customer.customer, { withMids: true });
    const later = await sender.send(reply(PAGE, customer, 'three'));
    const states = publisher.deliveries().map((status) => [status.outboundId, status.state]);
    expect(states).toEqual([
      [first.outboundId, 'delivered'],
      [second.outboundId, 'delivered'],
      [first.outboundId, 'read'],
      [second.outboundId, 'read'],
    ]);
    expect(publisher.deliveries().every((status) => status.providerMessageId !== later.providerMessageId)).toBe(true);
    expect(edge.outcomes.map((outcome) => outcome.statuses)).toEqual([0, 2, 0, 2, 0]);
  });

  it("maps Instagram's seen event (the last message's id) to read for that reply and the ones before it", async () => {
    const customer = await customerWrites(INSTAGRAM);
    emulator.setEchoTiming('none');
    const first = await sender.send(reply(INSTAGRAM, customer, 'one'));
    const second = await sender.send(reply(INSTAGRAM, customer, 'two'));
    await emulator.read(INSTAGRAM.id, customer.customer);
    expect(publisher.deliveries().map((status) => [status.outboundId, status.state, status.channel])).toEqual([
      [first.outboundId, 'read', 'instagram'],
      [second.outboundId, 'read', 'instagram'],
    ]);
  });
});
