import { randomUUID } from 'node:crypto';
import { ChatSocketServer } from '@tributary/channel-chat';
import { OutboundMessageV1, TOPICS, type OutboundMessageV1Input } from '@tributary/contracts';
import { ContractPublisher, toKafkaJsConfig } from '@tributary/platform-kafka';
import { readTopic, waitFor, type BootedApp, type OwnConsumerGroups, type ReadRecord, type TestDatabase } from '@tributary/platform-testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { agentPresenceToken, bootChatIngest, chatSuiteResources, ChatTestClient, TENANT_SECRET, tenantToken } from './chat-test-support';

/**
 * The protocol as a raw WebSocket client speaks it, against two chat-ingest replicas on one
 * database and the real broker: every refusal closes with its own code and produces nothing; a
 * message resent after a dropped socket is acknowledged the same and produced once; a signed
 * visitor's email and phone reach the inbound record as its identities; a reply consumed while
 * the visitor was away is replayed by the other replica.
 */
describe('chat protocol: refusals, resends, verified identities, two replicas', () => {
  const tenantId = `chat-${randomUUID().slice(0, 8)}`;
  /** A tenant with the offline form: visitors are asked for an email while no agent is online. */
  const offlineTenantId = `${tenantId}-off`;
  const inbound: ReadRecord[] = [];
  const deliveries: ReadRecord[] = [];
  const readers: Consumer[] = [];
  const brokers = process.env['KAFKA_BROKERS'] ?? '';
  let database: TestDatabase;
  let groups: OwnConsumerGroups;
  let a: BootedApp;
  let aRunning = false;
  let b: BootedApp | undefined;
  let publisher: ContractPublisher;
  const clients: ChatTestClient[] = [];

  const connect = (app: BootedApp, headers: Record<string, string> = {}, tenant = tenantId): ChatTestClient => {
    const client = ChatTestClient.connect(app.baseUrl, tenant, headers);
    clients.push(client);
    return client;
  };
  const producedFor = (visitorId: string): ReadRecord[] =>
    inbound.filter((record) => (record.value['sender'] as { identities: { value: string }[] }).identities[0]?.value === visitorId);

  /** A visitor greeted by `app`: its welcome frame. */
  async function greeted(client: ChatTestClient, hello: Record<string, unknown>): Promise<Record<string, unknown>> {
    await client.opened;
    client.send({ type: 'hello', ...hello });
    await waitFor('welcome', () => client.of('welcome').length > 0, 30_000, 20);
    return client.of('welcome')[0] ?? {};
  }

  beforeAll(async () => {
    ({ database, groups } = await chatSuiteResources('chat-protocol'));
    a = await bootChatIngest(tenantId, database, groups, {
      CHAT_TENANTS: JSON.stringify({ [tenantId]: { origins: ['https://app.example.com'], anonymous: true }, [offlineTenantId]: { origins: ['*'], anonymous: true, offlineForm: true } }),
      CHAT_TENANT_SECRETS: `${tenantId}:${TENANT_SECRET},${offlineTenantId}:${TENANT_SECRET}`,
      CHAT_HELLO_TIMEOUT_MS: '1000',
      CHAT_MAX_FRAME_BYTES: '2048',
      CHAT_MESSAGES_PER_MINUTE: '6',
      CHAT_MAX_CONNECTIONS_PER_IP: '8',
      CHAT_UPLOAD_MAX_BYTES: '1024',
      CHAT_UPLOAD_TYPES: 'image/png,text/plain',
    });
    aRunning = true;
    // After the app: it creates the topics on a fresh broker.
    readers.push(
      await readTopic(brokers, TOPICS.inbound, (record) => record.value['tenantId'] === tenantId && inbound.push(record)),
      await readTopic(brokers, TOPICS.delivery, (record) => record.value['tenantId'] === tenantId && deliveries.push(record)),
    );
    const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'chat-protocol-test', brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
    publisher = new ContractPublisher(kafka);
  }, 240_000);

  afterEach(async () => {
    const ending = clients.splice(0);
    for (const client of ending) client.socket.terminate();
    await Promise.all(ending.map((client) => client.closed));
    // Each test starts with the per-address budget free again.
    if (aRunning) await waitFor("replica a's sockets released", () => a.app.get(ChatSocketServer).size === 0, 10_000, 20);
  });

  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.disconnect()));
    await publisher?.close();
    await b?.close();
    if (aRunning) await a.close();
    await database?.drop();
  }, 60_000);

  const ORIGIN = { origin: 'https://app.example.com' };

  it('refuses forged, expired and foreign tokens with 4401, and produces nothing for them', async () => {
    const forged = connect(a, ORIGIN);
    await forged.opened;
    forged.send({ type: 'hello', token: await tenantToken({ sub: 'mallory', email: 'ceo@example.org' }, `forged-${randomUUID()}`) });
    expect((await forged.closed).code).toBe(4401);

    const expired = connect(a, ORIGIN);
    await expired.opened;
    expired.send({ type: 'hello', token: await tenantToken({ sub: 'late-user' }, undefined, Math.floor(Date.now() / 1000) - 3_600) });
    expect(await expired.closed).toEqual({ code: 4401, reason: 'expired: token expired' });

    const garbage = connect(a, ORIGIN);
    await garbage.opened;
    garbage.send({ type: 'hello', token: 'not.a.jwt' });
    expect((await garbage.closed).code).toBe(4401);

    // A message after the refused hello never reaches the server; a valid visitor's message is the barrier.
    const valid = connect(a, ORIGIN);
    await greeted(valid, { token: await tenantToken({ sub: 'barrier-user' }) });
    valid.send({ type: 'msg', clientMessageId: 'barrier-0001', text: 'barrier' });
    await waitFor('the barrier message produced', () => producedFor('barrier-user').length === 1, 30_000, 50);
    expect(producedFor('mallory')).toEqual([]);
    expect(producedFor('late-user')).toEqual([]);
  });

  it("asks visitors for an email only while the helpdesk's heartbeat does not say agents are online", async () => {
    const heartbeat = async (token: string | undefined, tenant = offlineTenantId): Promise<number> =>
      (await fetch(`${a.baseUrl}/chat/agents?tenant=${tenant}`, { method: 'PUT', headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })).status;
    const welcome = async (): Promise<Record<string, unknown>> => greeted(connect(a, {}, offlineTenantId), {});

    expect(await welcome()).toMatchObject({ offlineForm: true });
    expect(await heartbeat(await agentPresenceToken(true))).toBe(204);
    expect(await welcome()).not.toHaveProperty('offlineForm');
    // A visitor's token, a forged heartbeat, none at all and an unknown tenant change nothing.
    expect(await heartbeat(await tenantToken({ sub: 'user-1' }))).toBe(401);
    expect(await heartbeat(await agentPresenceToken(false, `forged-${randomUUID()}`))).toBe(401);
    expect(await heartbeat(undefined)).toBe(401);
    expect(await heartbeat(await agentPresenceToken(false), `nobody-${randomUUID().slice(0, 8)}`)).toBe(404);
    expect(await welcome()).not.toHaveProperty('offlineForm');
    expect(await heartbeat(await agentPresenceToken(false))).toBe(204);
    expect(await welcome()).toMatchObject({ offlineForm: true });
  });

  it('closes with a code of its own for each other refusal', async () => {
    const origin = connect(a, { origin: 'https://evil.example.com' });
    expect((await origin.closed).code).toBe(4403);
    const tenant = connect(a, ORIGIN, 'no-such-tenant');
    expect((await tenant.closed).code).toBe(4404);
    const silent = connect(a, ORIGIN);
    expect((await silent.closed).code).toBe(4408);
    const early = connect(a, ORIGIN);
    await early.opened;
    early.send({ type: 'msg', clientMessageId: 'early-00001', text: 'before hello' });
    expect((await early.closed).code).toBe(4400);
    const large = connect(a, ORIGIN);
    await greeted(large, {});
    large.send({ type: 'msg', clientMessageId: 'large-00001', text: 'x'.repeat(4096) });
    expect((await large.closed).code).toBe(4413);
    const junk = connect(a, ORIGIN);
    await junk.opened;
    junk.send('{not json');
    expect((await junk.closed).code).toBe(4400);
  });

  it('closes sockets over the per-address limit with 4429', async () => {
    const open = Array.from({ length: 8 }, () => connect(a, ORIGIN));
    await Promise.all(open.map((client) => client.opened));
    const ninth = connect(a, ORIGIN);
    expect((await ninth.closed).code).toBe(4429);
  });

  it('answers messages over the per-minute limit with a rate_limited error frame, keeping the socket', async () => {
    const client = connect(a, ORIGIN);
    await greeted(client, {});
    for (let i = 0; i < 7; i += 1) client.send({ type: 'msg', clientMessageId: `rate-${String(i).padStart(6, '0')}`, text: `burst ${i}` });
    await waitFor('six acks and one refusal', () => client.of('ack').length === 6 && client.of('error').length === 1, 30_000, 20);
    expect(client.of('error')[0]).toMatchObject({ code: 'rate_limited', clientMessageId: 'rate-000006', retryAfterMs: expect.any(Number) as unknown });
    expect(client.socket.readyState).toBe(client.socket.OPEN);
  });

  it('acknowledges a message resent after a dropped socket with the same seq and id, and produces it once', async () => {
    const token = await tenantToken({ sub: `user-${randomUUID().slice(0, 8)}`, email: 'Jane.Doe@Example.org', phone: '+4915112345678', name: 'Jane' });
    const first = connect(a, ORIGIN);
    const welcome = await greeted(first, { token });
    expect(welcome).toMatchObject({ verified: true, lastSeq: 0 });
    first.send({ type: 'msg', clientMessageId: 'resend-000001', text: 'Did you get my email?' });
    await waitFor('the ack', () => first.of('ack').length === 1, 30_000, 20);
    first.socket.terminate();

    const again = connect(a, ORIGIN);
    await greeted(again, { token, lastSeq: 0 });
    again.send({ type: 'msg', clientMessageId: 'resend-000001', text: 'Did you get my email?' });
    await waitFor('the second ack', () => again.of('ack').length === 1, 30_000, 20);
    expect(again.of('ack')[0]).toEqual(first.of('ack')[0]);
    // The replay on the second hello holds the message once.
    expect(again.of('event').map((event) => event['text'])).toEqual(['Did you get my email?']);

    const visitorId = String(welcome['visitorId']);
    await waitFor('the message produced', () => producedFor(visitorId).length >= 1, 30_000, 50);
    // A later message is the barrier: once it is on the topic, a duplicate of the first would be too.
    again.send({ type: 'msg', clientMessageId: 'resend-000002', text: 'Order 1234.' });
    await waitFor('the barrier', () => producedFor(visitorId).length >= 2, 30_000, 50);
    expect(producedFor(visitorId).map((record) => record.value['text'])).toEqual(['Did you get my email?', 'Order 1234.']);
    expect(producedFor(visitorId)[0]?.value['sender']).toEqual({
      identities: [
        { kind: 'chat-user', value: visitorId, verified: true },
        { kind: 'email', value: 'jane.doe@example.org' },
        { kind: 'phone', value: '+4915112345678' },
      ],
      displayName: 'Jane',
    });
  });

  it("takes an upload with the visitor's token and hands its reference off with the message; refuses an oversize file, a forbidden type and no token", async () => {
    const client = connect(a, ORIGIN);
    const welcome = await greeted(client, {});
    const visitorId = String(welcome['visitorId']);
    const post = (body: Buffer, type: string, token = String(welcome['visitorToken'])): Promise<Response> =>
      fetch(`${a.baseUrl}/chat/uploads?tenant=${tenantId}&name=receipt.png`, {
        method: 'POST',
        headers: { 'content-type': type, ...ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body,
      });
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(92, 7)]);
    const accepted = await post(png, 'image/png');
    expect(accepted.status).toBe(201);
    expect(accepted.headers.get('access-control-allow-origin')).toBe(ORIGIN.origin);
    const { attachmentId } = (await accepted.json()) as { attachmentId: string };
    expect((await post(Buffer.alloc(2048, 0x41), 'text/plain')).status).toBe(413);
    expect((await post(Buffer.from('MZ\x90\x00'), 'application/x-msdownload')).status).toBe(415);
    expect((await post(png, 'text/plain')).status).toBe(415);
    expect((await post(png, 'image/png', '')).status).toBe(401);

    client.send({ type: 'msg', clientMessageId: 'upload-000001', text: 'my receipt', attachments: [{ attachmentId }] });
    await waitFor('the ack', () => client.of('ack').length === 1, 30_000, 20);
    await waitFor('the message produced', () => producedFor(visitorId).length === 1, 30_000, 50);
    expect(producedFor(visitorId)[0]?.value['attachments']).toEqual([
      { name: 'receipt.png', contentType: 'image/png', sizeBytes: png.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown, storageUri: expect.stringMatching(/^file:\/\//) as unknown },
    ]);
  });

  it('delivers a reply live on the replica holding the socket whichever replica consumed it, and one published while no replica ran once one starts', async () => {
    b = await bootChatIngest(tenantId, database, groups);
    await groups.verify();
    const token = await tenantToken({ sub: `user-${randomUUID().slice(0, 8)}` });
    const onA = connect(a, ORIGIN);
    const welcome = await greeted(onA, { token });
    onA.send({ type: 'msg', clientMessageId: 'replica-00001', text: 'Can I change my address?' });
    await waitFor('the ack', () => onA.of('ack').length === 1, 30_000, 20);
    const conversationId = String(welcome['conversationId']);

    const live = reply(conversationId, String(welcome['visitorId']), 'Yes, until it ships.');
    await publisher.publish(TOPICS.outbound, OutboundMessageV1, [{ key: live.ticketId, value: live }]);
    await waitFor('the live reply on replica a', () => onA.of('event').some((event) => event['text'] === 'Yes, until it ships.'), 30_000, 20);
    const liveEvent = onA.of('event').find((event) => event['text'] === 'Yes, until it ships.') ?? {};
    onA.send({ type: 'ack', seq: liveEvent['seq'] });
    onA.send({ type: 'read', seq: liveEvent['seq'] });
    const statesOf = (outboundId: string): unknown[] => deliveries.filter((record) => record.value['outboundId'] === outboundId).map((record) => record.value['state']);
    await waitFor('sent, delivered, read', () => ['sent', 'delivered', 'read'].every((state) => statesOf(live.outboundId).includes(state)), 30_000, 50);

    // The visitor leaves and every replica goes away; the next reply is published meanwhile. The
    // replicas share one group, so a replica starting later (a new pod) still consumes it.
    onA.socket.terminate();
    aRunning = false;
    await a.close();
    await b.close();
    const away = reply(conversationId, String(welcome['visitorId']), 'Your address is changed.');
    await publisher.publish(TOPICS.outbound, OutboundMessageV1, [{ key: away.ticketId, value: away }]);
    b = await bootChatIngest(tenantId, database, groups);
    await waitFor('the reply stored by the new replica', () => statesOf(away.outboundId).includes('sent'), 60_000, 50);

    const onB = connect(b, ORIGIN);
    await greeted(onB, { token, lastSeq: Number(liveEvent['seq']) });
    await waitFor('the missed reply replayed by replica b', () => onB.of('event').length > 0, 30_000, 20);
    expect(onB.of('event').map((event) => event['text'])).toEqual(['Your address is changed.']);
  });

  function reply(conversationId: string, visitorId: string, text: string): OutboundMessageV1Input {
    return {
      schemaVersion: 1,
      outboundId: randomUUID(),
      tenantId,
      ticketId: randomUUID(),
      channel: 'chat',
      provider: 'chat',
      to: { kind: 'chat-user', value: visitorId, verified: true },
      from: { address: 'web-widget' },
      text,
      thread: { conversationId },
      author: { kind: 'agent', id: 'agent-7', displayName: 'Sam' },
      autoSubmitted: false,
      requestedAt: new Date().toISOString(),
      traceId: randomUUID().replaceAll('-', ''),
    };
  }
});
