import { randomUUID } from 'node:crypto';
import { InboundMessageV1, TOPICS, TicketEventV1, decodeContract, parseContract, type InboundMessageV1Input, type TicketEventV1Message } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { bootApp, createTestDatabase, waitFor, type BootedApp, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_MIGRATIONS } from '@tributary/router-persistence';
import { hashApiKey } from '@tributary/router-queue-api';
import { processInboundBatch } from '@tributary/router-ticketing';
import type { Consumer } from 'kafkajs';
import { routerApp } from '../src/router.app';
import { callApi, readTopic, routerGroupsFromNow, testKafka } from './router-test-client';

type ContactView = { identities: { kind: string; value: string }[]; tickets: { ticketId: string; status: string }[]; merges: { mergeId: string }[] } & Record<string, unknown>;

/**
 * Merging and unmerging contacts through the queue API, on the real database and broker: what moves,
 * what comes back, and what the ticket stream hears.
 */
describe('queue API: contact merge and unmerge', () => {
  const tenantA = `ca-${randomUUID().slice(0, 8)}`;
  const tenantB = `cb-${randomUUID().slice(0, 8)}`;
  const keyA = `key-a-${randomUUID()}`;
  const keyB = `key-b-${randomUUID()}`;
  const kafka = testKafka('contact-merge-test');
  const events: TicketEventV1Message[] = [];
  let reader: Consumer;
  let db: TestDatabase;
  let router: BootedApp;
  const ids = { email: '', phone: '', emailTicket: '', oldSmsTicket: '', smsTicket: '', contactOfB: '' };

  const call = (method: string, path: string, key?: string, body?: unknown) => callApi(router.baseUrl, method, path, key, body);
  const contact = async (contactId: string) => (await call('GET', `/v1/contacts/${contactId}`, keyA)).json as ContactView;
  const eventsOf = (ticketId: string) => events.filter((event) => event.ticketId === ticketId);

  function inbound(tenantId: string, fixture: InboundMessageV1Input, receivedAt: string, text: string) {
    const id = randomUUID();
    return parseContract(InboundMessageV1, { ...fixture, tenantId, messageId: id, dedupeKey: `${fixture.channel}:${id}`, receivedAt, text });
  }

  async function ticketOf(tenantId: string, channel: string, receivedAt: string): Promise<{ id: string; contact_id: string }> {
    const [row] = await db.dataSource.query<{ id: string; contact_id: string }[]>(
      `SELECT t.id, t.contact_id FROM tickets t JOIN messages m ON m.ticket_id = t.id WHERE t.tenant_id = $1 AND m.channel = $2 AND m.received_at = $3`,
      [tenantId, channel, receivedAt],
    );
    if (!row) throw new Error(`no ${channel} ticket at ${receivedAt}`);
    return row;
  }

  beforeAll(async () => {
    db = await createTestDatabase('contact_merge', { migrations: ROUTER_MIGRATIONS });
    // The SMS contact has an old solved ticket and a newer open one; the email contact's open ticket is older than that.
    await processInboundBatch(db.dataSource, [inbound(tenantA, INBOUND_FIXTURES.sms, '2026-09-01T10:00:00.000Z', 'My first SMS question about billing')]);
    await db.dataSource.query(`UPDATE tickets SET status = 'solved', closed_at = now() WHERE tenant_id = $1`, [tenantA]);
    await processInboundBatch(db.dataSource, [
      inbound(tenantA, INBOUND_FIXTURES.email, '2026-11-20T10:00:00.000Z', 'Where is my parcel, ordered last week?'),
      inbound(tenantA, INBOUND_FIXTURES.sms, '2026-11-24T10:00:00.000Z', 'Texting about that same parcel'),
      inbound(tenantB, INBOUND_FIXTURES.sms, '2026-11-24T10:00:00.000Z', 'Another tenant, same number'),
    ]);
    const emailTicket = await ticketOf(tenantA, 'email', '2026-11-20T10:00:00.000Z');
    const smsTicket = await ticketOf(tenantA, 'sms', '2026-11-24T10:00:00.000Z');
    Object.assign(ids, {
      email: emailTicket.contact_id,
      phone: smsTicket.contact_id,
      emailTicket: emailTicket.id,
      smsTicket: smsTicket.id,
      oldSmsTicket: (await ticketOf(tenantA, 'sms', '2026-09-01T10:00:00.000Z')).id,
      contactOfB: (await ticketOf(tenantB, 'sms', '2026-11-24T10:00:00.000Z')).contact_id,
    });
    // Before the router starts: its relay publishes the seeded tickets' events as soon as it runs.
    reader = await readTopic(kafka, TOPICS.ticketEvents, (_key, value) => {
      const event = decodeContract(TicketEventV1, value);
      if (event.tenantId === tenantA) events.push(event);
    });
    router = await bootApp(routerApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: db.url,
      ROUTER_API_KEYS: `${tenantA}=${hashApiKey(keyA)},${tenantB}=${hashApiKey(keyB)}`,
      ...(await routerGroupsFromNow('contact-merge')).env,
    });
    await waitFor('the router to become ready', async () => (await router.get('/health/ready')).status === 200, 60_000, 200);
    await waitFor('the seeded tickets on the stream', () => events.length === 3, 30_000);
  }, 120_000);

  afterAll(async () => {
    await reader?.disconnect();
    await router?.close();
    await db?.drop();
  }, 60_000);

  it("keeps each tenant to its own contacts: another tenant's key gets 404, no key 401", async () => {
    expect((await call('GET', `/v1/contacts/${ids.phone}`)).status).toBe(401);
    expect((await call('GET', `/v1/contacts/${ids.phone}`, keyB)).status).toBe(404);
    expect((await call('POST', `/v1/contacts/${ids.phone}/merge`, keyB, { intoContactId: ids.contactOfB, mergedBy: 'agent-b' })).status).toBe(404);
    expect((await call('POST', `/v1/contacts/${ids.phone}/merge`, keyA, { intoContactId: ids.contactOfB, mergedBy: 'agent-a' })).status).toBe(404);
    expect((await call('POST', `/v1/contacts/${ids.phone}/merge`, keyA, { intoContactId: ids.phone, mergedBy: 'agent-a' })).status).toBe(400);
    expect((await call('POST', `/v1/contacts/${ids.phone}/merge`, keyA, { mergedBy: 'agent-a' })).status).toBe(400);
    const [merges] = await db.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM contact_merges');
    expect(merges?.n).toBe(0);
  });

  it('merges the SMS contact into the email contact: identities and tickets follow, the newer open ticket is closed into the older', async () => {
    // A router placing a message from the phone number holds its identity lock: the merge waits for it.
    const placing = db.dataSource.createQueryRunner();
    await placing.startTransaction();
    await placing.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`identity:${tenantA}:phone:+4915112345678`]);
    const merging = call('POST', `/v1/contacts/${ids.phone}/merge`, keyA, { intoContactId: ids.email, mergedBy: 'agent-7' });
    try {
      await waitFor('the merge to wait for the identity lock', async () => {
        const [row] = await db.dataSource.query<{ waiting: number }[]>(
          `SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        return row?.waiting === 1;
      }, 10_000);
      expect(await db.dataSource.query('SELECT id FROM contact_merges')).toEqual([]);
    } finally {
      await placing.commitTransaction();
      await placing.release();
    }
    const merged = await merging;
    expect(merged.status).toBe(200);
    expect(merged.json).toMatchObject({ contactId: ids.email, closedTicketId: ids.smsTicket, survivingTicketId: ids.emailTicket });
    expect([...(merged.json['movedTicketIds'] as string[])].sort()).toEqual([ids.oldSmsTicket, ids.smsTicket].sort());

    const target = await contact(ids.email);
    expect(target.identities.map((identity) => identity.kind).sort()).toEqual(['email', 'phone']);
    expect(Object.fromEntries(target.tickets.map((ticket) => [ticket.ticketId, ticket.status]))).toEqual({
      [ids.oldSmsTicket]: 'solved',
      [ids.emailTicket]: 'open',
      [ids.smsTicket]: 'closed',
    });
    expect(target.merges).toEqual([expect.objectContaining({ mergeId: merged.json['mergeId'], sourceContactId: ids.phone, reason: 'manual', actor: 'agent-7', revertedAt: null })]);
    expect(await contact(ids.phone)).toMatchObject({ mergedIntoContactId: ids.email, identities: [], tickets: [] });

    // Each ticket is its own record key, so the three events may arrive in any order.
    await waitFor('the merge on the ticket stream', () => [ids.oldSmsTicket, ids.smsTicket, ids.emailTicket].every((id) => eventsOf(id).length === 2), 30_000);
    expect(eventsOf(ids.smsTicket).at(-1)).toMatchObject({ type: 'ticket.status-changed', from: 'open', to: 'closed', changedBy: 'agent-7', ticket: { contactId: ids.email } });
    expect(eventsOf(ids.emailTicket).at(-1)).toMatchObject({ type: 'ticket.merged', mergedTicketId: ids.smsTicket, mergedBy: 'agent-7' });
    expect(eventsOf(ids.oldSmsTicket).at(-1)).toMatchObject({ type: 'ticket.status-changed', from: 'solved', to: 'solved', ticket: { contactId: ids.email } });

    // The phone number now belongs to the email contact: a new SMS joins its open ticket.
    await processInboundBatch(db.dataSource, [inbound(tenantA, INBOUND_FIXTURES.sms, '2026-11-25T08:00:00.000Z', 'Any news on the parcel?')]);
    expect((await ticketOf(tenantA, 'sms', '2026-11-25T08:00:00.000Z')).id).toBe(ids.emailTicket);
    expect((await call('POST', `/v1/contacts/${ids.phone}/merge`, keyA, { intoContactId: ids.email, mergedBy: 'agent-7' })).status).toBe(409);
    // The surviving ticket shows what the closed one holds (it stays there, so the merge can be undone),
    // and a reply without a channel answers the customer's latest message among them: the SMS.
    const survivor = (await call('GET', `/v1/tickets/${ids.emailTicket}`, keyA)).json as { messages: { text: string }[] };
    expect(survivor.messages.map((message) => message.text)).toEqual(['Where is my parcel, ordered last week?', 'Texting about that same parcel', 'Any news on the parcel?']);
    const reply = await call('POST', `/v1/tickets/${ids.emailTicket}/replies`, keyA, { text: 'We have both your messages.', authorId: 'agent-7' });
    expect(reply).toMatchObject({ status: 202, json: { channel: 'sms' } });
  }, 60_000);

  it('unmerges exactly what moved: identities and tickets go back, the closed ticket reopens; only once, and only for its tenant', async () => {
    const [{ mergeId }] = (await contact(ids.email)).merges as [{ mergeId: string }];
    expect((await call('POST', `/v1/contact-merges/${mergeId}/unmerge`, keyB, { unmergedBy: 'agent-b' })).status).toBe(404);

    const unmerged = await call('POST', `/v1/contact-merges/${mergeId}/unmerge`, keyA, { unmergedBy: 'agent-8' });
    expect(unmerged.status).toBe(200);
    expect(unmerged.json).toMatchObject({ sourceContactId: ids.phone, targetContactId: ids.email, reopenedTicketId: ids.smsTicket });
    expect(unmerged.json['restoredIdentityIds']).toHaveLength(1);

    const phone = await contact(ids.phone);
    expect(phone).toMatchObject({ mergedIntoContactId: null, identities: [{ kind: 'phone', value: '+4915112345678' }] });
    expect(Object.fromEntries(phone.tickets.map((ticket) => [ticket.ticketId, ticket.status]))).toEqual({ [ids.oldSmsTicket]: 'solved', [ids.smsTicket]: 'open' });
    const email = await contact(ids.email);
    expect(email.identities.map((identity) => identity.kind)).toEqual(['email']);
    // The SMS that arrived while merged stays on the ticket it landed on.
    expect(email.tickets.map((ticket) => [ticket.ticketId, ticket.status])).toEqual([[ids.emailTicket, 'open']]);
    expect(email.merges).toEqual([expect.objectContaining({ mergeId, revertedBy: 'agent-8', revertedAt: expect.any(String) })]);

    await waitFor('the unmerge on the ticket stream', () => eventsOf(ids.smsTicket).length === 3 && eventsOf(ids.oldSmsTicket).length === 3, 30_000);
    expect(eventsOf(ids.smsTicket).at(-1)).toMatchObject({ type: 'ticket.status-changed', from: 'closed', to: 'open', changedBy: 'agent-8', ticket: { contactId: ids.phone } });
    expect(eventsOf(ids.oldSmsTicket).at(-1)).toMatchObject({ type: 'ticket.status-changed', from: 'solved', to: 'solved', ticket: { contactId: ids.phone } });

    // The number is the SMS contact's again: its next message joins the reopened ticket.
    await processInboundBatch(db.dataSource, [inbound(tenantA, INBOUND_FIXTURES.sms, '2026-11-25T09:00:00.000Z', 'Found the parcel, thanks')]);
    expect((await ticketOf(tenantA, 'sms', '2026-11-25T09:00:00.000Z')).id).toBe(ids.smsTicket);
    expect((await call('POST', `/v1/contact-merges/${mergeId}/unmerge`, keyA, { unmergedBy: 'agent-8' })).status).toBe(409);
  }, 60_000);

  it('records a verified-link merge with its ticket hand-over, so it can be undone the same way', async () => {
    // A verified chat user signed in with both the email address and the phone number: the router merges
    // them into the older contact (the SMS one); the newer open ticket (the SMS one) closes into the email one.
    await processInboundBatch(db.dataSource, [inbound(tenantA, INBOUND_FIXTURES.chat, '2026-11-25T10:00:00.000Z', 'Chatting in the app about my parcel')]);
    const [merge] = await db.dataSource.query<{ id: string; reason: string; source_contact_id: string; moved_ticket_ids: string[]; closed_ticket_id: string; surviving_ticket_id: string }[]>(
      `SELECT id, reason, source_contact_id, moved_ticket_ids, closed_ticket_id, surviving_ticket_id FROM contact_merges WHERE tenant_id = $1 AND reverted_at IS NULL`,
      [tenantA],
    );
    expect(merge).toEqual({
      id: expect.any(String),
      reason: 'verified-link',
      source_contact_id: ids.email,
      moved_ticket_ids: [ids.emailTicket],
      closed_ticket_id: ids.smsTicket,
      surviving_ticket_id: ids.emailTicket,
    });

    const unmerged = await call('POST', `/v1/contact-merges/${merge?.id ?? ''}/unmerge`, keyA, { unmergedBy: 'agent-8' });
    expect(unmerged.json).toMatchObject({ sourceContactId: ids.email, handedBackTicketIds: [ids.emailTicket], reopenedTicketId: ids.smsTicket });
    const open = await db.dataSource.query<{ id: string; contact_id: string }[]>(`SELECT id, contact_id FROM tickets WHERE tenant_id = $1 AND status = 'open'`, [tenantA]);
    expect(Object.fromEntries(open.map((row) => [row.id, row.contact_id]))).toEqual({ [ids.emailTicket]: ids.email, [ids.smsTicket]: ids.phone });
  }, 60_000);
});
