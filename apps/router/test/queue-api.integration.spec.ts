import { randomUUID } from 'node:crypto';
import { InboundMessageV1, OutboundMessageV1, TOPICS, decodeContract, parseContract, type InboundMessageV1Input, type OutboundMessageV1Message } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { bootApp, createTestDatabase, subscribeFromNow, waitFor, type BootedApp, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_MIGRATIONS } from '@tributary/router-persistence';
import { processInboundBatch } from '@tributary/router-ticketing';
import { Kafka, logLevel } from 'kafkajs';
import { hashApiKey } from '@tributary/router-queue-api';
import { routerApp } from '../src/router.app';
import { routerGroupsFromNow } from './router-test-client';
import { OpenApiResponseChecker, type ObservedResponse } from './queue-api-openapi.checker';

describe('queue API', () => {
  const tenantA = `qa-${randomUUID().slice(0, 8)}`;
  const tenantB = `qb-${randomUUID().slice(0, 8)}`;
  const keyA = `key-a-${randomUUID()}`;
  const keyB = `key-b-${randomUUID()}`;
  const operatorKey = `operator-${randomUUID()}`;
  const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'queue-api-test', brokers: (process.env['KAFKA_BROKERS'] ?? '').split(',') }), logLevel: logLevel.NOTHING });
  const outbound: OutboundMessageV1Message[] = [];
  const readerGroup = `queue-api-${randomUUID()}`;
  const reader = kafka.consumer({ groupId: readerGroup });
  let db: TestDatabase;
  let router: BootedApp;
  /** Every answer of the suite, checked against the served OpenAPI document at the end. */
  const observed: ObservedResponse[] = [];

  function inbound(tenantId: string, fixture: InboundMessageV1Input, changes: Partial<InboundMessageV1Input> = {}) {
    const id = randomUUID();
    return parseContract(InboundMessageV1, { ...fixture, tenantId, messageId: id, dedupeKey: `${fixture.channel}:${id}`, ...changes });
  }

  async function send(method: string, path: string, key: string | undefined, body: string | undefined): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${router.baseUrl}${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    });
    const json = (await response.json()) as Record<string, unknown>;
    observed.push({ method, path, status: response.status, body: json });
    return { status: response.status, json };
  }

  function call(method: string, path: string, key?: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    return send(method, path, key, body === undefined ? undefined : JSON.stringify(body));
  }

  /** A reply body as a client that escapes everything outside ASCII writes it (Python's json.dumps does). */
  function escapedReply(text: string): string {
    const escaped = [...text].map((character) => (character.charCodeAt(0) < 0x80 ? character : `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
    return `{"text":"${escaped}","authorId":"agent-7"}`;
  }

  /** Stores one more customer message for tenant A and returns the ticket the router placed it in. */
  async function newTicket(fixture: InboundMessageV1Input, changes: Partial<InboundMessageV1Input> = {}): Promise<string> {
    const { outcomes, rejected } = await processInboundBatch(db.dataSource, [inbound(tenantA, fixture, changes)]);
    const [outcome] = outcomes;
    if (outcome?.status !== 'stored') throw new Error(`the ${fixture.channel} message was not stored: ${JSON.stringify({ outcome, rejected })}`);
    return outcome.ticketId;
  }

  beforeAll(async () => {
    db = await createTestDatabase('queue_api', { migrations: ROUTER_MIGRATIONS });
    await processInboundBatch(db.dataSource, [
      inbound(tenantA, INBOUND_FIXTURES.email, { subject: 'Parcel never arrived', thread: { messageId: `q1-${tenantA}@mail.example`, references: [] } }),
      inbound(tenantA, INBOUND_FIXTURES.sms, { sender: { identities: [{ kind: 'phone', value: '+4915199990001' }] } }),
      inbound(tenantA, INBOUND_FIXTURES.telegram),
      inbound(tenantB, INBOUND_FIXTURES.sms),
    ]);
    router = await bootApp(routerApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: db.url,
      ROUTER_API_KEYS: `${tenantA}=${hashApiKey(keyA)},${tenantB}=${hashApiKey(keyB)}`,
      ROUTER_OPERATOR_KEYS: `ops-queue=${hashApiKey(operatorKey)}`,
      ...(await routerGroupsFromNow('queue-api')).env,
    });
    await waitFor('the router to become ready', async () => (await router.get('/health/ready')).status === 200, 60_000, 200);
    await reader.connect();
    await subscribeFromNow(reader, readerGroup, [TOPICS.outbound]);
    await reader.run({
      eachMessage: ({ message }) => {
        const reply = decodeContract(OutboundMessageV1, message.value);
        if (reply.tenantId === tenantA) outbound.push(reply);
        return Promise.resolve();
      },
    });
  }, 120_000);

  afterAll(async () => {
    await reader.disconnect();
    await router?.close();
    await db?.drop();
  }, 60_000);

  it('refuses a request without a key, or with a key it does not know', async () => {
    expect((await call('GET', '/v1/tickets')).status).toBe(401);
    expect((await call('GET', '/v1/tickets', 'not-a-key')).status).toBe(401);
  });

  it('shows each tenant only its own tickets', async () => {
    const listA = (await call('GET', '/v1/tickets', keyA)).json['tickets'] as { ticketId: string }[];
    const listB = (await call('GET', '/v1/tickets', keyB)).json['tickets'] as { ticketId: string }[];
    expect(listA).toHaveLength(3);
    expect(listB).toHaveLength(1);
    const ticketOfB = listB[0]?.ticketId ?? '';
    expect((await call('GET', `/v1/tickets/${ticketOfB}`, keyA)).status).toBe(404);
    expect((await call('POST', `/v1/tickets/${ticketOfB}/replies`, keyA, { text: 'hi', authorId: 'agent-1' })).status).toBe(404);
  });

  it('pages through the queue with a cursor, without repeats', async () => {
    const first = await call('GET', '/v1/tickets?limit=2', keyA);
    const second = await call('GET', `/v1/tickets?limit=2&cursor=${String(first.json['nextCursor'])}`, keyA);
    const ids = [...(first.json['tickets'] as { ticketId: string }[]), ...(second.json['tickets'] as { ticketId: string }[])].map((ticket) => ticket.ticketId);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect(second.json['nextCursor']).toBeNull();
  });

  it('filters by channel and names a bad filter', async () => {
    const sms = (await call('GET', '/v1/tickets?channel=sms', keyA)).json['tickets'] as unknown[];
    expect(sms).toHaveLength(1);
    const bad = await call('GET', '/v1/tickets?channel=pigeon', keyA);
    expect(bad.status).toBe(400);
    expect(bad.json['message']).toMatch(/channel/);
  });

  it('returns a ticket with its messages, the rule behind each, and the contact', async () => {
    const [ticket] = (await call('GET', '/v1/tickets?channel=email', keyA)).json['tickets'] as { ticketId: string }[];
    const detail = (await call('GET', `/v1/tickets/${ticket?.ticketId ?? ''}`, keyA)).json;
    expect(detail['messages']).toEqual([expect.objectContaining({ channel: 'email', rule: 'new-ticket', subject: 'Parcel never arrived' })]);
    expect(detail['contact']).toMatchObject({ identities: [{ kind: 'email', value: 'jane.doe@example.org', verified: false }] });
  });

  it('publishes an agent reply on the outbound topic with the email thread it continues', async () => {
    const [ticket] = (await call('GET', '/v1/tickets?channel=email', keyA)).json['tickets'] as { ticketId: string; token: string }[];
    const accepted = await call('POST', `/v1/tickets/${ticket?.ticketId ?? ''}/replies`, keyA, { text: 'We sent a replacement.', authorId: 'agent-7' });
    expect(accepted.status).toBe(202);
    await waitFor('the reply on the outbound topic', () => outbound.some((reply) => reply.outboundId === accepted.json['outboundId']), 30_000);
    expect(outbound.find((reply) => reply.outboundId === accepted.json['outboundId'])).toMatchObject({
      channel: 'email',
      ticketId: ticket?.ticketId,
      to: { kind: 'email', value: 'jane.doe@example.org' },
      subject: `[#${ticket?.token ?? ''}] Re: Parcel never arrived`,
      thread: { inReplyTo: `q1-${tenantA}@mail.example`, references: [`q1-${tenantA}@mail.example`] },
      author: { kind: 'agent', id: 'agent-7' },
    });
  }, 60_000);

  it('changes a ticket\'s status and announces it; another tenant cannot', async () => {
    const [ticket] = (await call('GET', '/v1/tickets?channel=sms', keyA)).json['tickets'] as { ticketId: string }[];
    const id = ticket?.ticketId ?? '';
    expect((await call('PATCH', `/v1/tickets/${id}`, keyB, { status: 'solved', changedBy: 'agent-9' })).status).toBe(404);
    expect((await call('PATCH', `/v1/tickets/${id}`, keyA, { status: 'done', changedBy: 'agent-7' })).status).toBe(400);
    const solved = await call('PATCH', `/v1/tickets/${id}`, keyA, { status: 'solved', changedBy: 'agent-7' });
    expect(solved).toEqual({ status: 200, json: { status: 'solved', sequence: 2 } });
    const [event] = await db.dataSource.query<{ payload: { type: string; from: string; to: string } }[]>(
      `SELECT payload FROM outbox_events WHERE ticket_id = $1 AND topic = 'tributary.tickets.v1' AND sequence = 2`,
      [id],
    );
    expect(event?.payload).toMatchObject({ type: 'ticket.status-changed', from: 'open', to: 'solved' });
  });

  it('merges one ticket into another: the folded one is closed and leaves the queue', async () => {
    const tickets = (await call('GET', '/v1/tickets?status=open', keyA)).json['tickets'] as { ticketId: string; channel?: string }[];
    const [source, target] = tickets;
    const merged = await call('POST', `/v1/tickets/${source?.ticketId ?? ''}/merge`, keyA, { intoTicketId: target?.ticketId, mergedBy: 'agent-7' });
    expect(merged.status).toBe(200);
    expect(merged.json['ticketId']).toBe(target?.ticketId);
    const remaining = ((await call('GET', '/v1/tickets', keyA)).json['tickets'] as { ticketId: string }[]).map((ticket) => ticket.ticketId);
    expect(remaining).not.toContain(source?.ticketId);
    const again = await call('POST', `/v1/tickets/${source?.ticketId ?? ''}/merge`, keyA, { intoTicketId: target?.ticketId, mergedBy: 'agent-7' });
    expect(again.status).toBe(409);
    const types = await db.dataSource.query<{ type: string }[]>(
      `SELECT payload->>'type' AS type FROM outbox_events WHERE ticket_id = ANY($1) AND topic = 'tributary.tickets.v1' ORDER BY id DESC LIMIT 2`,
      [[source?.ticketId, target?.ticketId]],
    );
    expect(types.map((row) => row.type).sort()).toEqual(['ticket.merged', 'ticket.status-changed']);
  });

  it('serves its OpenAPI document at /docs without a key', async () => {
    expect((await router.get('/docs')).status).toBe(200);
    const document = JSON.parse((await router.get('/docs-json')).body) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual([
      '/v1/tickets',
      '/v1/tickets/{ticketId}',
      '/v1/tickets/{ticketId}/messages/{messageId}/attachments/{sha256}',
      '/v1/tickets/{ticketId}/replies',
      '/v1/tickets/{ticketId}/merge',
      '/v1/contacts/{contactId}',
      '/v1/contacts/{contactId}/merge',
      '/v1/contact-merges/{mergeId}/unmerge',
      '/v1/operator/dead-letters',
      '/v1/operator/dead-letters/{deadLetterId}',
      '/v1/operator/dead-letters/{deadLetterId}/redrive',
      '/v1/channel-health',
      '/v1/operator/tenants',
    ]);
  });

  it("tells a tenant its channels' activity and the router's lag, read from Kafka", async () => {
    const health = await call('GET', '/v1/channel-health', keyA);
    expect(health.status).toBe(200);
    const channels = health.json['channels'] as { channel: string; inboundTotal: number; lastInboundAt: string | null }[];
    expect(channels.map((figures) => figures.channel)).toEqual(['email', 'voice', 'sms', 'chat', 'whatsapp', 'telegram', 'messenger', 'instagram']);
    expect(channels.find((figures) => figures.channel === 'telegram')).toMatchObject({ inboundTotal: 1, lastInboundAt: expect.any(String) });
    expect(channels.find((figures) => figures.channel === 'messenger')).toMatchObject({ inboundTotal: 0, lastInboundAt: null });
    expect(health.json['consumers']).toMatchObject({ error: null, groups: expect.arrayContaining([expect.objectContaining({ topic: TOPICS.inbound, lag: expect.any(Number) })]) });
    expect((await call('GET', '/v1/channel-health')).status).toBe(401);
  });

  it('lets an operator key act for the tenant X-Tributary-Tenant names, and a tenant key for its own only', async () => {
    async function as(key: string, tenant: string | undefined, path: string): Promise<{ status: number; json: Record<string, unknown> }> {
      const response = await fetch(`${router.baseUrl}${path}`, { headers: { authorization: `Bearer ${key}`, ...(tenant ? { 'x-tributary-tenant': tenant } : {}) } });
      const json = (await response.json()) as Record<string, unknown>;
      observed.push({ method: 'GET', path, status: response.status, body: json });
      return { status: response.status, json };
    }
    const ofB = await as(operatorKey, tenantB, '/v1/tickets');
    expect(ofB.status).toBe(200);
    const ownB = await as(keyB, undefined, '/v1/tickets');
    expect(ofB.json['tickets']).toEqual(ownB.json['tickets']);
    expect((await as(operatorKey, tenantB, '/v1/channel-health')).json['tenantId']).toBe(tenantB);
    expect((await as(operatorKey, undefined, '/v1/tickets')).status).toBe(400);
    expect((await as(keyA, tenantB, '/v1/tickets')).status).toBe(403);
    expect((await as(keyA, tenantA, '/v1/tickets')).status).toBe(200);

    const tenants = await as(operatorKey, undefined, '/v1/operator/tenants');
    expect(tenants.status).toBe(200);
    expect((tenants.json['tenants'] as { tenantId: string }[]).map((tenant) => tenant.tenantId)).toEqual(expect.arrayContaining([tenantA, tenantB]));
    expect((await as(keyA, undefined, '/v1/operator/tenants')).status).toBe(403);
  });

  it('names the missing field of a bad reply', async () => {
    const [ticket] = (await call('GET', '/v1/tickets', keyA)).json['tickets'] as { ticketId: string }[];
    const bad = await call('POST', `/v1/tickets/${ticket?.ticketId ?? ''}/replies`, keyA, { authorId: 'agent-7' });
    expect(bad.status).toBe(400);
    expect(bad.json['message']).toMatch(/text/);
  });

  it('answers a tampered cursor or a date PostgreSQL cannot store with a 400 naming the parameter', async () => {
    const tampered = Buffer.from(JSON.stringify(['2026-13-45 99:00:00+00', randomUUID()])).toString('base64url');
    const cursor = await call('GET', `/v1/tickets?cursor=${tampered}`, keyA);
    expect(cursor.status).toBe(400);
    expect(cursor.json).toMatchObject({ error: 'INVALID_REQUEST', message: expect.stringMatching(/cursor: is not a cursor this API returned/) });
    for (const updatedSince of ['0000-01-01T00:00:00Z', '2026-01-01T00:00:00%2B16:00']) {
      const since = await call('GET', `/v1/tickets?updatedSince=${updatedSince}`, keyA);
      expect(since.status).toBe(400);
      expect(since.json['message']).toMatch(/updatedSince: /);
    }
    expect((await call('GET', '/v1/tickets?updatedSince=0001-01-01T00:00:00Z', keyA)).status).toBe(200);
  });

  it("refuses a reply longer than its channel takes with a 422 naming channel, limit and measure, and queues nothing", async () => {
    const sms = { ticketId: await newTicket(INBOUND_FIXTURES.sms, { sender: { identities: [{ kind: 'phone', value: '+4915199990003' }] } }) };
    const over = await call('POST', `/v1/tickets/${sms.ticketId}/replies`, keyA, { text: 'a'.repeat(1_601), authorId: 'agent-7' });
    expect(over).toEqual({
      status: 422,
      json: {
        error: 'REPLY_TOO_LONG',
        message: 'a reply on sms may be at most 1600 sms-characters long; this one is 1601 (GSM-7, 11 segments)',
        details: { channel: 'sms', limit: 1600, unit: 'sms-characters', length: 1601, encoding: 'GSM-7', segments: 11 },
      },
    });
    const huge = await call('POST', `/v1/tickets/${sms.ticketId}/replies`, keyA, { text: 'x'.repeat(200 * 1024), authorId: 'agent-7' });
    expect(huge.status).toBe(422);
    expect(huge.json['details']).toMatchObject({ channel: 'sms', length: 204_800, segments: 1_339 });
    expect((await call('POST', `/v1/tickets/${sms.ticketId}/replies`, keyA, { text: 'a'.repeat(1_600), authorId: 'agent-7' })).status).toBe(202);
    const [counts] = await db.dataSource.query<{ replies: number }[]>('SELECT count(*)::int AS replies FROM outbound_messages WHERE ticket_id = $1', [sms.ticketId]);
    expect(counts?.replies).toBe(1);
  });

  it('reads the longest reply its document allows, however the client escapes it, and refuses one character more', async () => {
    const email = {
      ticketId: await newTicket(INBOUND_FIXTURES.email, {
        providerMessageId: `long-${tenantA}@mail.example`,
        sender: { identities: [{ kind: 'email', value: 'long.reply@example.org' }] },
        thread: { messageId: `long-${tenantA}@mail.example`, references: [] },
      }),
    };
    const longest = 'é'.repeat(262_144);
    const accepted = await send('POST', `/v1/tickets/${email.ticketId}/replies`, keyA, escapedReply(longest));
    expect(accepted.status).toBe(202);
    await waitFor('the longest reply on the outbound topic', () => outbound.some((reply) => reply.outboundId === accepted.json['outboundId']), 30_000);
    const tooLong = await send('POST', `/v1/tickets/${email.ticketId}/replies`, keyA, escapedReply(`${longest}é`));
    expect(tooLong.status).toBe(400);
    expect(tooLong.json['message']).toMatch(/text: /);
    const oversized = await send('POST', `/v1/tickets/${email.ticketId}/replies`, keyA, JSON.stringify({ text: 'a'.repeat(1_600_000), authorId: 'agent-7' }));
    expect(oversized.status).toBe(413);
    // Within email's limit, but six bytes a character on Kafka: a record the outbound topic would refuse.
    const unpublishable = await call('POST', `/v1/tickets/${email.ticketId}/replies`, keyA, { text: '\u0001'.repeat(200_000), authorId: 'agent-7' });
    expect(unpublishable.status).toBe(422);
    expect(unpublishable.json).toMatchObject({ error: 'REPLY_TOO_LARGE', details: { topic: 'tributary.outbound.v1', bytes: expect.any(Number) } });
  }, 60_000);

  it('answers every route as the OpenAPI document it serves says', async () => {
    const checker = new OpenApiResponseChecker(JSON.parse((await router.get('/docs-json')).body) as ConstructorParameters<typeof OpenApiResponseChecker>[0]);
    const whatsapp = { ticketId: await newTicket(INBOUND_FIXTURES.whatsapp, { sender: { identities: [{ kind: 'whatsapp', value: '+4915199990002' }] } }) };
    const messenger = (await call('GET', `/v1/tickets/${await newTicket(INBOUND_FIXTURES.messenger)}`, keyA)).json as { ticketId: string; contactId: string };
    const { contactId } = (await call('GET', `/v1/tickets/${whatsapp.ticketId}`, keyA)).json as { contactId: string };
    expect((await call('POST', `/v1/tickets/${whatsapp.ticketId}/replies`, keyA, { text: 'On its way.', authorId: 'agent-7' })).status).toBe(202);
    expect((await call('GET', `/v1/tickets/${whatsapp.ticketId}`, keyA)).json['replies']).toHaveLength(1);
    expect((await call('PATCH', `/v1/tickets/${whatsapp.ticketId}`, keyA, { status: 'pending', changedBy: 'agent-7' })).status).toBe(200);
    expect((await call('GET', `/v1/contacts/${contactId}`, keyA)).status).toBe(200);
    const merge = await call('POST', `/v1/contacts/${contactId}/merge`, keyA, { intoContactId: messenger.contactId, mergedBy: 'agent-7' });
    expect(merge.status).toBe(200);
    expect((await call('GET', `/v1/contacts/${messenger.contactId}`, keyA)).json['merges']).toHaveLength(1);
    expect((await call('POST', `/v1/contact-merges/${String(merge.json['mergeId'])}/unmerge`, keyA, { unmergedBy: 'agent-7' })).status).toBe(200);
    expect((await call('POST', `/v1/tickets/${whatsapp.ticketId}/merge`, keyA, { intoTicketId: messenger.ticketId, mergedBy: 'agent-7' })).status).toBe(200);
    expect((await call('GET', '/v1/tickets', keyA)).status).toBe(200);

    expect(observed.flatMap((response) => checker.problems(response))).toEqual([]);
    const seen = new Set(observed.map((response) => checker.key(response)));
    // The operator routes and attachment downloads are checked in their own suites (dead-letter-redrive, attachment-download).
    expect(checker.successes().filter((success) => !seen.has(success) && !success.includes(' /v1/operator/') && !success.includes('/attachments/'))).toEqual([]);
  }, 60_000);
});
