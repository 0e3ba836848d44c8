import type { ProviderNames } from '../provider-names';
import { identity } from './identity-code';

/** `<provider>.provider.spec.ts`: the provider's own spec, against its emulation; it passes as generated. */
export function providerSpecTemplate(n: ProviderNames): string {
  const v = n.constant;
  const samples = identity.samples(n.identityKind);
  return `import { randomBytes, randomUUID } from 'node:crypto';
import { WebhookError, type WebhookRequest } from '@tributary/channel-kit';
import {
  DeliveryStatusV1,
  InboundMessageV1,
  OutboundMessageV1,
  parseContract,
  type ContactIdentity,
  type InboundMessageV1Message,
  type OutboundMessageV1Message,
} from '@tributary/contracts';
import { ConfigError } from '@tributary/platform-config';
import { ${n.pascal}DeliveryCallbackMapper } from './${n.provider}-delivery-callback.mapper';
import { ${n.pascal}Emulator } from './${n.provider}.emulator';
import { ${n.pascal}Normalizer } from './${n.provider}.normalizer';
import { ${n.camel}Provider } from './${n.provider}.provider';
import { ${n.pascal}ReplySender } from './${n.provider}-reply.sender';
import { ${n.constant}_SIGNATURE_HEADER } from './${n.provider}-signature.util';
import { ${n.pascal}WebhookVerifier } from './${n.provider}-webhook.verifier';

const API_TOKEN = 'test-api-token-0123456789';
const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';
const PUBLIC_BASE_URL = 'https://ingest.example.com';
const INBOX = 'inbox-1';
const CUSTOMER = '${samples.customer}';
const UNREACHABLE = '${samples.unreachable}';

describe('${n.provider} provider', () => {
  const emulator = new ${n.pascal}Emulator({ apiToken: API_TOKEN, webhookSecret: WEBHOOK_SECRET, unreachableRecipients: [UNREACHABLE] });
  const verifier = new ${n.pascal}WebhookVerifier(WEBHOOK_SECRET, PUBLIC_BASE_URL);
  const normalizer = new ${n.pascal}Normalizer((inbox) => (inbox === INBOX ? 'acme' : undefined));
  const mapper = new ${n.pascal}DeliveryCallbackMapper();
  let sender: ${n.pascal}ReplySender;

  beforeAll(async () => {
    sender = new ${n.pascal}ReplySender(await emulator.start(), API_TOKEN);
  });

  afterAll(async () => {
    await emulator.stop();
  });

  const webhook = (payload: unknown): WebhookRequest => ({ ...emulator.signed(payload), publicUrl: \`\${PUBLIC_BASE_URL}/${n.provider}/messages\` });

  const reply = (to: ContactIdentity = ${identity.literal(n.identityKind, samples.customer)}, text = 'Thanks, we are on it.'): OutboundMessageV1Message =>
    parseContract(OutboundMessageV1, {
      schemaVersion: 1,
      outboundId: randomUUID(),
      tenantId: 'acme',
      ticketId: randomUUID(),
      channel: '${n.channel}',
      to,
      from: { address: INBOX },
      text,
      thread: { references: [] },
      author: { kind: 'agent', id: 'agent-1' },
      autoSubmitted: false,
      requestedAt: new Date().toISOString(),
      traceId: randomBytes(16).toString('hex'),
    });

  async function normalized(payload: unknown): Promise<InboundMessageV1Message> {
    const result = await normalizer.normalize(payload);
    if (result.kind !== 'message') throw new Error(\`quarantined: \${result.reason}\`);
    return parseContract(InboundMessageV1, result.message);
  }

  describe('webhook verifier', () => {
    const request = webhook(emulator.incomingMessage({ from: CUSTOMER, to: INBOX, text: 'Hello' }));

    it('accepts a webhook signed with the secret', () => {
      expect(() => verifier.verify(request)).not.toThrow();
    });

    it('refuses a body changed after signing', () => {
      expect(() => verifier.verify({ ...request, rawBody: Buffer.concat([request.rawBody, Buffer.from(' ')]) })).toThrow(WebhookError);
    });

    it('refuses a signature made with another secret', () => {
      expect(() => new ${n.pascal}WebhookVerifier('another-secret-0123456789', PUBLIC_BASE_URL).verify(request)).toThrow(WebhookError);
    });

    it('refuses a missing or repeated signature header', () => {
      const signature = request.headers[${n.constant}_SIGNATURE_HEADER];
      expect(() => verifier.verify({ ...request, headers: {} })).toThrow(WebhookError);
      expect(() => verifier.verify({ ...request, headers: { [${n.constant}_SIGNATURE_HEADER]: [String(signature), String(signature)] } })).toThrow(WebhookError);
    });
  });

  describe('normalizer', () => {
    it('makes a valid InboundMessage v1 keyed by ${n.provider}\\'s message id', async () => {
      const payload = emulator.incomingMessage({ from: CUSTOMER, to: INBOX, text: 'My order did not arrive' });
      const message = await normalized(payload);
      expect(message).toMatchObject({
        tenantId: 'acme',
        channel: '${n.channel}',
        provider: '${n.provider}',
        providerMessageId: payload.message.id,
        dedupeKey: \`${n.provider}:message:\${payload.message.id}\`,
        sender: { identities: [{ kind: '${n.identityKind}', value: CUSTOMER }] },
        inbox: { address: INBOX },
        text: 'My order did not arrive',
      });
    });

    it('gives a redelivered webhook the same record id and dedupe key', async () => {
      const payload = emulator.incomingMessage({ from: CUSTOMER, to: INBOX, text: 'Hello again' });
      const [first, again] = [await normalized(payload), await normalized(payload)];
      expect({ messageId: again.messageId, dedupeKey: again.dedupeKey }).toEqual({ messageId: first.messageId, dedupeKey: first.dedupeKey });
    });

    it('quarantines a message to an address no tenant owns', async () => {
      const result = await normalizer.normalize(emulator.incomingMessage({ from: CUSTOMER, to: 'someone-else', text: 'Hello' }));
      expect(result).toMatchObject({ kind: 'quarantined', code: 'unknown-inbox' });
    });

    it('refuses a body that is not a ${n.provider} message', async () => {
      await expect(normalizer.normalize({ type: 'message', message: { id: '' } })).rejects.toThrow(WebhookError);
    });
  });

  describe('reply sender against the emulation', () => {
    it('sends the reply and reports it queued with ${n.provider}\\'s message id', async () => {
      const outbound = reply();
      const status = parseContract(DeliveryStatusV1, await sender.send(outbound));
      const sent = emulator.messages.find((message) => message.id === status.providerMessageId);
      expect(status).toMatchObject({ state: 'queued', outboundId: outbound.outboundId, provider: '${n.provider}' });
      expect(sent).toMatchObject({ to: CUSTOMER, from: INBOX, text: outbound.text, metadata: { outboundId: outbound.outboundId } });
    });

    it('reports a recipient ${n.provider} refuses as failed, with its error code', async () => {
      const status = parseContract(DeliveryStatusV1, await sender.send(reply(${identity.literal(n.identityKind, samples.unreachable)})));
      expect(status).toMatchObject({ state: 'failed', error: { code: 'unknown-recipient' } });
    });

    it('reports a message ${n.provider} refuses as failed', async () => {
      const status = parseContract(DeliveryStatusV1, await sender.send(reply(undefined, 'x'.repeat(5000))));
      expect(status).toMatchObject({ state: 'failed', error: { code: 'invalid-request' } });
    });

    it('fails a recipient of another kind without calling ${n.provider}', async () => {
      const before = emulator.messages.length;
      const status = parseContract(DeliveryStatusV1, await sender.send(reply(${identity.otherKindCode(n.identityKind)})));
      expect(status).toMatchObject({ state: 'failed', error: { code: 'INVALID_RECIPIENT' } });
      expect(emulator.messages).toHaveLength(before);
    });

    it('throws, so the reply is retried, when ${n.provider} refuses our credentials', async () => {
      await expect(new ${n.pascal}ReplySender(emulator.baseUrl, 'a-wrong-token-0123456789').send(reply())).rejects.toThrow(/401/);
    });

    it('sends a retried reply once', async () => {
      const outbound = reply();
      const [first, again] = [await sender.send(outbound), await sender.send(outbound)];
      expect(again.providerMessageId).toBe(first.providerMessageId);
      expect(emulator.messages.filter((message) => message.metadata?.['outboundId'] === outbound.outboundId)).toHaveLength(1);
    });
  });

  describe('emulation', () => {
    const post = (body: string): Promise<Response> =>
      fetch(\`\${emulator.baseUrl}/v1/messages\`, { method: 'POST', headers: { authorization: \`Bearer \${API_TOKEN}\`, 'content-type': 'application/json' }, body });

    it('refuses malformed JSON and invalid requests with an error body', async () => {
      const malformed = await post('{');
      expect({ status: malformed.status, body: await malformed.json() }).toMatchObject({ status: 400, body: { error: { code: 'malformed-json' } } });
      const invalid = await post(JSON.stringify({ to: CUSTOMER, text: 'no sender' }));
      expect({ status: invalid.status, body: await invalid.json() }).toMatchObject({ status: 400, body: { error: { code: 'invalid-request' } } });
    });
  });

  describe('delivery callback mapper', () => {
    it('maps status callbacks to DeliveryStatus v1, the same id for a replay', async () => {
      const outbound = reply();
      const { providerMessageId } = await sender.send(outbound);
      const callback = emulator.statusCallback(String(providerMessageId), 'delivered');
      const status = parseContract(DeliveryStatusV1, mapper.toDeliveryStatus(callback, new Date()));
      expect(status).toMatchObject({ state: 'delivered', outboundId: outbound.outboundId, ticketId: outbound.ticketId, providerMessageId });
      expect(mapper.toDeliveryStatus(callback, new Date())?.statusId).toBe(status.statusId);
    });

    it('carries the reason of a failure, and ignores states the contract does not model', async () => {
      const { providerMessageId } = await sender.send(reply());
      const id = String(providerMessageId);
      const failed = mapper.toDeliveryStatus(emulator.statusCallback(id, 'failed', { code: 'blocked', message: 'the customer blocked us' }), new Date());
      expect(parseContract(DeliveryStatusV1, failed)).toMatchObject({ state: 'failed', error: { code: 'blocked' } });
      expect(mapper.toDeliveryStatus(emulator.statusCallback(id, 'deleted'), new Date())).toBeUndefined();
    });

    it('refuses a body that is not a status callback', () => {
      expect(() => mapper.toDeliveryStatus({ type: 'status' }, new Date())).toThrow(WebhookError);
    });
  });

  describe('registration', () => {
    const env = {
      ${v}_API_BASE_URL: 'https://api.example.com/',
      ${v}_API_TOKEN: API_TOKEN,
      ${v}_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ${v}_WEBHOOK_BASE_URL: \`\${PUBLIC_BASE_URL}/\`,
      ${v}_INBOXES: JSON.stringify({ [INBOX]: 'acme' }),
    };

    it('builds its adapters from the environment', async () => {
      const adapters = ${n.camel}Provider.create(env);
      expect(adapters.verifier.publicBaseUrl).toBe(PUBLIC_BASE_URL);
      expect(adapters.sender.channels).toEqual(${n.camel}Provider.channels);
      await expect(adapters.normalizer.normalize(emulator.incomingMessage({ from: CUSTOMER, to: INBOX, text: 'Hi' }))).resolves.toMatchObject({ kind: 'message' });
    });

    it('names a missing variable', () => {
      const { ${v}_API_TOKEN: _omitted, ...incomplete } = env;
      expect(() => ${n.camel}Provider.create(incomplete)).toThrow(ConfigError);
      expect(() => ${n.camel}Provider.create(incomplete)).toThrow(/${v}_API_TOKEN/);
    });
  });
});
`;
}
