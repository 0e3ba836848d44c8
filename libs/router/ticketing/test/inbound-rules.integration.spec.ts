import { randomUUID } from 'node:crypto';
import { InboundMessageV1, parseContract, type InboundMessageV1Input, type InboundMessageV1Message } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import type { DataSource } from 'typeorm';
import { processInboundBatch, type BatchResult, type IngestPath } from '../src/inbound-batch.processor';
import { createTicketingTestDatabase } from './ticketing-test-db';

/** Each rule of DESIGN.md's "heart of the router", on a real PostgreSQL with the real migrations. */
describe('inbound dedupe, identity and threading rules', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let tenantId: string;

  beforeAll(async () => {
    ({ dataSource, drop } = await createTicketingTestDatabase());
  }, 60_000);
  afterAll(() => drop());
  beforeEach(() => {
    tenantId = `t-${randomUUID().slice(0, 8)}`;
  });

  function message(fixture: InboundMessageV1Input, changes: Partial<InboundMessageV1Input> = {}): InboundMessageV1Message {
    const id = randomUUID();
    return parseContract(InboundMessageV1, { ...fixture, messageId: id, dedupeKey: `${fixture.channel}:${id}`, tenantId, ...changes });
  }

  /** Every batch states which path must store it: set-based unless it merges contacts or PostgreSQL refuses a row. */
  async function ingest(messages: InboundMessageV1Message[], path: IngestPath = 'set-based'): Promise<BatchResult> {
    const result = await processInboundBatch(dataSource, messages);
    expect({ path: result.path, fallbacks: result.fallbacks }).toEqual({ path, fallbacks: path === 'set-based' ? [] : expect.anything() });
    return result;
  }

  async function counts(): Promise<{ messages: number; tickets: number; contacts: number; events: number }> {
    const [row] = await dataSource.query<{ messages: string; tickets: string; contacts: string; events: string }[]>(
      `SELECT (SELECT count(*) FROM messages WHERE tenant_id = $1) AS messages,
              (SELECT count(*) FROM tickets WHERE tenant_id = $1) AS tickets,
              (SELECT count(*) FROM contacts WHERE tenant_id = $1) AS contacts,
              (SELECT count(*) FROM outbox_events WHERE tenant_id = $1 AND topic = 'tributary.tickets.v1') AS events`,
      [tenantId],
    );
    return { messages: Number(row?.messages), tickets: Number(row?.tickets), contacts: Number(row?.contacts), events: Number(row?.events) };
  }

  async function rules(): Promise<string[]> {
    // In processing order: the order of the events that announced them (messages of one batch share created_at).
    const rows = await dataSource.query<{ rule: string }[]>(
      `SELECT m.rule FROM messages m JOIN outbox_events o ON o.payload->'message'->>'messageId' = m.id::text
        WHERE m.tenant_id = $1 ORDER BY o.id`,
      [tenantId],
    );
    return rows.map((row) => row.rule);
  }

  it('stores a redelivered message once and announces it once', async () => {
    const sms = message(INBOUND_FIXTURES.sms);
    await ingest([sms, sms]);
    const again = await ingest([sms]);
    expect(again.outcomes).toEqual([{ status: 'duplicate', dedupeKey: sms.dedupeKey }]);
    expect(await counts()).toEqual({ messages: 1, tickets: 1, contacts: 1, events: 1 });
  });

  it('treats one email in two support mailboxes as one message', async () => {
    const inSupport = message(INBOUND_FIXTURES.email, { thread: { messageId: 'copy-1@mail.example', references: [] } });
    const inSales = message(INBOUND_FIXTURES.email, { inbox: { address: 'sales@acme.example' }, thread: { messageId: '<copy-1@mail.example>', references: [] } });
    await ingest([inSupport]);
    await ingest([inSales]);
    expect(await counts()).toEqual({ messages: 1, tickets: 1, contacts: 1, events: 1 });
  });

  it('makes SMS, a call and WhatsApp from one number one contact with one ticket', async () => {
    await ingest([message(INBOUND_FIXTURES.sms), message(INBOUND_FIXTURES.voice), message(INBOUND_FIXTURES.whatsapp)]);
    expect(await counts()).toEqual({ messages: 3, tickets: 1, contacts: 1, events: 3 });
    expect(await rules()).toEqual(['new-ticket', 'open-ticket-of-contact', 'open-ticket-of-contact']);
  });

  it("links WhatsApp's business-scoped user id to the number it came with, so a later message without the number joins the same ticket", async () => {
    const withNumber = message(INBOUND_FIXTURES.whatsapp, {
      sender: { identities: [{ kind: 'whatsapp', value: '+4915112345678' }, { kind: 'whatsapp-user', value: 'DE.4242424242' }] },
      thread: { references: [] },
    });
    const numberHidden = message(INBOUND_FIXTURES.whatsapp, { sender: { identities: [{ kind: 'whatsapp-user', value: 'DE.4242424242' }] }, thread: { references: [] } });
    await ingest([withNumber]);
    await ingest([numberHidden]);
    await ingest([message(INBOUND_FIXTURES.sms)]);
    expect(await counts()).toEqual({ messages: 3, tickets: 1, contacts: 1, events: 3 });
  });

  it("stores a message the business wrote outside Tributary on the customer's ticket as an agent's (outbound) message", async () => {
    const customer = message(INBOUND_FIXTURES.whatsapp, { thread: { references: [] } });
    const fromThePhone = message(INBOUND_FIXTURES.whatsapp, { direction: 'outbound', text: 'Written in the WhatsApp app', thread: { references: [] } });
    await ingest([customer]);
    await ingest([fromThePhone]);
    expect(await counts()).toEqual({ messages: 2, tickets: 1, contacts: 1, events: 2 });
    const rows = await dataSource.query<{ direction: string; event_direction: string }[]>(
      `SELECT m.direction, o.payload->'message'->>'direction' AS event_direction
         FROM messages m JOIN outbox_events o ON o.payload->'message'->>'messageId' = m.id::text
        WHERE m.tenant_id = $1 ORDER BY o.id`,
      [tenantId],
    );
    expect(rows).toEqual([
      { direction: 'inbound', event_direction: 'inbound' },
      { direction: 'outbound', event_direction: 'outbound' },
    ]);
  });

  it('merges the contacts a verified chat user links, recording the merge and leaving one open ticket', async () => {
    const email = message(INBOUND_FIXTURES.email, { thread: { messageId: 'link-1@mail.example', references: [] }, text: 'First question by email about my order' });
    const sms = message(INBOUND_FIXTURES.sms, { text: 'Second question by SMS about an invoice' });
    await ingest([email, sms]);
    expect(await counts()).toMatchObject({ contacts: 2, tickets: 2 });

    // The chat fixture is a verified user who signed in with that email and that phone number.
    await ingest([message(INBOUND_FIXTURES.chat, { text: 'Third question in the app about delivery' })]);

    const open = await dataSource.query<{ contact_id: string }[]>(`SELECT contact_id FROM tickets WHERE tenant_id = $1 AND status IN ('open', 'pending')`, [tenantId]);
    expect(open).toHaveLength(1);
    const merges = await dataSource.query<{ target_contact_id: string; moved: number; reason: string }[]>(
      'SELECT target_contact_id, cardinality(moved_identity_ids) AS moved, reason FROM contact_merges WHERE tenant_id = $1',
      [tenantId],
    );
    expect(merges).toEqual([{ target_contact_id: open[0]?.contact_id, moved: 1, reason: 'verified-link' }]);
    const [closed] = await dataSource.query<{ status: string; merged_into_id: string | null }[]>(
      `SELECT status, merged_into_id FROM tickets WHERE tenant_id = $1 AND status = 'closed'`,
      [tenantId],
    );
    expect(closed?.merged_into_id).not.toBeNull();
    const events = await dataSource.query<{ type: string }[]>(
      `SELECT payload->>'type' AS type FROM outbox_events WHERE tenant_id = $1 AND topic = 'tributary.tickets.v1' ORDER BY id`,
      [tenantId],
    );
    expect(events.map((event) => event.type)).toEqual(['ticket.created', 'ticket.created', 'ticket.status-changed', 'ticket.merged', 'ticket.message-added']);
  });

  it('threads an email reply into its ticket by In-Reply-To, reopening a solved ticket', async () => {
    const first = message(INBOUND_FIXTURES.email, { thread: { messageId: 'first@mail.example', references: [] }, subject: 'Parcel' });
    await ingest([first]);
    await dataSource.query(`UPDATE tickets SET status = 'solved', last_message_at = now() - interval '30 days' WHERE tenant_id = $1`, [tenantId]);
    const reply = message(INBOUND_FIXTURES.email, { thread: { messageId: 'second@mail.example', inReplyTo: '<first@mail.example>', references: ['first@mail.example'] }, subject: 'Re: Parcel' });
    await ingest([reply]);
    expect(await counts()).toMatchObject({ messages: 2, tickets: 1 });
    expect(await rules()).toEqual(['new-ticket', 'email-thread']);
    const [ticket] = await dataSource.query<{ status: string }[]>('SELECT status FROM tickets WHERE tenant_id = $1', [tenantId]);
    expect(ticket?.status).toBe('open');
  });

  it('follows a merged thread to the surviving ticket instead of reopening the merged one', async () => {
    const email = message(INBOUND_FIXTURES.email, { thread: { messageId: 'mt-1@mail.example', references: [] }, text: 'First question by email about my order' });
    const sms = message(INBOUND_FIXTURES.sms, { text: 'Second question by SMS about an invoice' });
    await ingest([sms, email]);
    // The verified chat user links both contacts: the email's newer ticket is merged into the SMS one.
    await ingest([message(INBOUND_FIXTURES.chat, { text: 'Third question in the app about delivery' })]);
    const reply = message(INBOUND_FIXTURES.email, { thread: { messageId: 'mt-2@mail.example', inReplyTo: 'mt-1@mail.example', references: [] }, text: 'Replying to my first email' });
    const result = await ingest([reply]);
    expect(result.rejected).toEqual([]);
    const open = await dataSource.query<{ id: string }[]>(`SELECT id FROM tickets WHERE tenant_id = $1 AND status IN ('open', 'pending')`, [tenantId]);
    expect(open).toHaveLength(1);
    const [stored] = await dataSource.query<{ ticket_id: string; rule: string }[]>('SELECT ticket_id, rule FROM messages WHERE tenant_id = $1 AND dedupe_key = $2', [tenantId, 'email:mt-2@mail.example']);
    expect(stored).toEqual({ ticket_id: open[0]?.id, rule: 'email-thread' });
  });

  it('puts a reply to a solved thread on the contact\'s other open ticket rather than opening a second', async () => {
    await ingest([message(INBOUND_FIXTURES.email, { thread: { messageId: 'old-1@mail.example', references: [] }, text: 'An old question about a refund' })]);
    await dataSource.query(`UPDATE tickets SET status = 'solved', last_message_at = now() - interval '30 days' WHERE tenant_id = $1`, [tenantId]);
    await ingest([message(INBOUND_FIXTURES.email, { thread: { messageId: 'new-1@mail.example', references: [] }, text: 'A brand new question about shipping' })]);
    const result = await ingest([
      message(INBOUND_FIXTURES.email, { thread: { messageId: 'old-2@mail.example', inReplyTo: 'old-1@mail.example', references: [] }, text: 'Back to the refund' }),
    ]);
    expect(result.rejected).toEqual([]);
    const tickets = await dataSource.query<{ status: string; messages: string }[]>(
      `SELECT t.status, (SELECT count(*) FROM messages m WHERE m.ticket_id = t.id) AS messages FROM tickets t WHERE t.tenant_id = $1 ORDER BY t.status DESC`,
      [tenantId],
    );
    expect(tickets).toEqual([
      { status: 'solved', messages: '1' },
      { status: 'open', messages: '2' },
    ]);
  });

  it('finds the ticket from the token in a reply subject', async () => {
    await ingest([message(INBOUND_FIXTURES.email, { thread: { messageId: 'tok-1@mail.example', references: [] } })]);
    const [ticket] = await dataSource.query<{ token: string }[]>('SELECT token FROM tickets WHERE tenant_id = $1', [tenantId]);
    await dataSource.query(`UPDATE tickets SET status = 'solved', last_message_at = now() - interval '30 days' WHERE tenant_id = $1`, [tenantId]);
    const fromOtherAddress = message(INBOUND_FIXTURES.email, {
      sender: { identities: [{ kind: 'email', value: 'jane.private@example.net' }] },
      subject: `Re: [#${ticket?.token}] Parcel never arrived`,
      thread: { messageId: 'tok-2@mail.example', references: [] },
    });
    await ingest([fromOtherAddress]);
    expect(await rules()).toEqual(['new-ticket', 'subject-token']);
    expect((await counts()).tickets).toBe(1);
  });

  it('links the same request repeated over chat to the first email instead of opening a ticket', async () => {
    const email = message(INBOUND_FIXTURES.email, { text: 'My parcel for order 1234 never arrived, please help.', thread: { messageId: 'rep@mail.example', references: [] } });
    await ingest([email]);
    await dataSource.query(`UPDATE tickets SET status = 'solved' WHERE tenant_id = $1`, [tenantId]);
    const chat = message(INBOUND_FIXTURES.chat, { text: 'my parcel for order 1234 never arrived please help' });
    await ingest([chat]);
    const rows = await dataSource.query<{ rule: string; duplicate_of_id: string | null }[]>(
      'SELECT rule, duplicate_of_id FROM messages WHERE tenant_id = $1 ORDER BY created_at',
      [tenantId],
    );
    expect(rows.map((row) => row.rule)).toEqual(['new-ticket', 'cross-channel-repeat']);
    expect(rows[1]?.duplicate_of_id).not.toBeNull();
    expect((await counts()).tickets).toBe(1);
  });

  it('reopens the first message\'s ticket when the same request comes again after it was solved', async () => {
    const words = 'Please cancel my subscription before the next invoice';
    await ingest([message(INBOUND_FIXTURES.email, { sender: { identities: [{ kind: 'email', value: 'rita@example.org' }] }, text: words })]);
    await dataSource.query(`UPDATE tickets SET status = 'solved' WHERE tenant_id = $1`, [tenantId]);
    const chat = message(INBOUND_FIXTURES.chat, {
      sender: { identities: [{ kind: 'chat-user', value: 'rita-app', verified: true }, { kind: 'email', value: 'rita@example.org' }] },
      text: words,
    });
    await ingest([chat]);
    expect(await rules()).toEqual(['new-ticket', 'cross-channel-repeat']);
    const tickets = await dataSource.query<{ status: string }[]>('SELECT status FROM tickets WHERE tenant_id = $1', [tenantId]);
    expect(tickets).toEqual([{ status: 'open' }]);
  });

  it('keeps one ticket per channel conversation for a tenant that chose that policy', async () => {
    await dataSource.query(`INSERT INTO tenants (id, name, threading_policy) VALUES ($1, $1, 'conversation')`, [tenantId]);
    const inChat = (conversationId: string, text: string) => message(INBOUND_FIXTURES.telegram, { thread: { conversationId, references: [] }, text });
    await ingest([inChat('chat-a', 'first in chat a'), inChat('chat-b', 'first in chat b'), inChat('chat-a', 'second in chat a')]);
    expect(await rules()).toEqual(['new-ticket', 'new-ticket', 'channel-conversation']);
    expect(await counts()).toMatchObject({ messages: 3, tickets: 2, contacts: 1 });
  });

  it('rejects an unprocessable message with its reason and stores the rest of the batch', async () => {
    const impossibleNumber = message(INBOUND_FIXTURES.sms, { sender: { identities: [{ kind: 'phone', value: '+1000000' }] } });
    const fine = message(INBOUND_FIXTURES.telegram);
    const result = await ingest([impossibleNumber, fine]);
    expect(result.rejected).toEqual([{ index: 0, reason: expect.stringMatching(/phone identity "\+1000000" cannot be normalized/) }]);
    expect(result.outcomes[1]).toMatchObject({ status: 'stored', rule: 'new-ticket' });
    expect(await counts()).toEqual({ messages: 1, tickets: 1, contacts: 1, events: 1 });
  });

  it('rolls back only the message PostgreSQL refuses, with its events, and keeps the rest of the batch', async () => {
    // A NUL character passes the contract but no PostgreSQL text column takes it.
    const refused = message(INBOUND_FIXTURES.email, { text: 'broken \u0000 text' });
    const before = message(INBOUND_FIXTURES.sms);
    const after = message(INBOUND_FIXTURES.telegram);
    const result = await ingest([before, refused, after], 'isolated');
    expect(result.rejected).toEqual([{ index: 1, reason: expect.stringMatching(/unsupported Unicode escape sequence/) }]);
    expect(result.outcomes.map((outcome) => outcome?.status ?? null)).toEqual(['stored', null, 'stored']);
    expect(await counts()).toEqual({ messages: 2, tickets: 2, contacts: 2, events: 2 });
    const rows = await dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM outbox_events WHERE tenant_id = $1', [tenantId]);
    expect(Number(rows[0]?.n)).toBe(2);
  });

  it('numbers each ticket’s events 1, 2, 3, one outbox row each, the state snapshot inside each', async () => {
    await ingest([message(INBOUND_FIXTURES.sms), message(INBOUND_FIXTURES.sms, { text: 'second' }), message(INBOUND_FIXTURES.sms, { text: 'third' })]);
    const rows = await dataSource.query<{ topic: string; sequence: number; snapshot_sequence: string }[]>(
      "SELECT topic, sequence, payload->'ticket'->>'sequence' AS snapshot_sequence FROM outbox_events WHERE tenant_id = $1 ORDER BY id",
      [tenantId],
    );
    // The relay sends each event's `ticket` to the compacted state topic (see outboxRecords).
    expect(rows.map((row) => `${row.topic}#${row.sequence} ticket#${row.snapshot_sequence}`)).toEqual([
      'tributary.tickets.v1#1 ticket#1',
      'tributary.tickets.v1#2 ticket#2',
      'tributary.tickets.v1#3 ticket#3',
    ]);
  });
});
