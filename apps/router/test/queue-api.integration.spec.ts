import { randomUUID } from 'node:crypto';
import { InboundMessageV1, OutboundMessageV1, TOPICS, decodeContract, parseContract, type InboundMessageV1Input, type OutboundMessageV1Message } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { bootApp, createTestDatabase, waitFor, type BootedApp, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_MIGRATIONS } from '@tributary/router-persistence';
import { processInboundBatch } from '@tributary/router-ticketing';
import { Kafka, logLevel } from 'kafkajs';
import { hashApiKey } from '@tributary/router-queue-api';
import { routerApp } from '../src/router.app';

describe('queue API', () => {
  const tenantA = `qa-${randomUUID().slice(0, 8)}`;
  const tenantB = `qb-${randomUUID().slice(0, 8)}`;
  const keyA = `key-a-${randomUUID()}`;
  const keyB = `key-b-${randomUUID()}`;
  const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'queue-api-test', brokers: (process.env['KAFKA_BROKERS'] ?? '').split(',') }), logLevel: logLevel.NOTHING });
  const outbound: OutboundMessageV1Message[] = [];
  const reader = kafka.consumer({ groupId: `queue-api-${randomUUID()}` });
  let db: TestDatabase;
  let router: BootedApp;

  function inbound(tenantId: string, fixture: InboundMessageV1Input, changes: Partial<InboundMessageV1Input> = {}) {
    const id = randomUUID();
    return parseContract(InboundMessageV1, { ...fixture, tenantId, messageId: id, dedupeKey: `${fixture.channel}:${id}`, ...changes });
  }

  async function call(method: string, path: string, key?: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${router.baseUrl}${path}`, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
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
    });
    await waitFor('the router to become ready', async () => (await router.get('/health/ready')).status === 200, 60_000, 200);
    await reader.connect();
    await reader.subscribe({ topic: TOPICS.outbound, fromBeginning: true });
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
      '/v1/tickets/{ticketId}/replies',
      '/v1/tickets/{ticketId}/merge',
      '/v1/contacts/{contactId}',
      '/v1/contacts/{contactId}/merge',
      '/v1/contact-merges/{mergeId}/unmerge',
    ]);
  });

  it('names the missing field of a bad reply', async () => {
    const [ticket] = (await call('GET', '/v1/tickets', keyA)).json['tickets'] as { ticketId: string }[];
    const bad = await call('POST', `/v1/tickets/${ticket?.ticketId ?? ''}/replies`, keyA, { authorId: 'agent-7' });
    expect(bad.status).toBe(400);
    expect(bad.json['message']).toMatch(/text/);
  });
});
