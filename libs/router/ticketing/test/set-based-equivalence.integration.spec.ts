import { randomUUID } from 'node:crypto';
import { InboundMessageV1, parseContract, type InboundMessageV1Input, type InboundMessageV1Message } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import type { TestDatabase } from '@tributary/platform-testing';
import { processInboundBatch, type IngestPath } from '../src/inbound-batch.processor';
import { createTicketingTestDatabase } from './ticketing-test-db';

const START = Date.parse('2026-11-20T08:00:00Z');

/**
 * The set-based path must place every message exactly where the per-message path (one SQL step at a
 * time, the reference) places it. The same conversations go through each path under two tenants,
 * in the same batches, and the resulting tickets, rules, duplicates and events must match.
 */
describe('set-based batch ingest', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTicketingTestDatabase();
  }, 60_000);
  afterAll(() => db?.drop());

  /** Three batches of one busy morning; `tag` is the logical message (a redelivery repeats it). */
  function morning(tenantId: string, tokenOf: (tag: string) => string | undefined): InboundMessageV1Message[][] {
    let clock = 0;
    const make = (tag: string, fixture: InboundMessageV1Input, changes: Partial<InboundMessageV1Input>) =>
      parseContract(InboundMessageV1, {
        ...fixture,
        messageId: randomUUID(),
        tenantId,
        dedupeKey: `${fixture.channel}:${tag}`,
        receivedAt: new Date(START + (clock += 60_000)).toISOString(),
        ...changes,
      });
    const email = (tag: string, from: string, extra: Partial<InboundMessageV1Input> = {}) =>
      make(tag, INBOUND_FIXTURES.email, { sender: { identities: [{ kind: 'email', value: from }] }, thread: { messageId: `${tag}@mail.example`, references: [] }, text: `email ${tag}`, ...extra });
    const sms = (tag: string, phone: string, text = `sms ${tag}`) => make(tag, INBOUND_FIXTURES.sms, { sender: { identities: [{ kind: 'phone', value: phone }] }, text });
    const whatsapp = (tag: string, phone: string, text = `whatsapp ${tag}`) =>
      make(tag, INBOUND_FIXTURES.whatsapp, { sender: { identities: [{ kind: 'whatsapp', value: phone }] }, text });
    const telegram = (tag: string, user: string) => make(tag, INBOUND_FIXTURES.telegram, { sender: { identities: [{ kind: 'telegram', value: user }] }, text: `telegram ${tag}` });

    const first = [
      email('a1', 'ann@example.org'),
      sms('b1', '+4915100000001', 'My order 1234 never arrived, please help'),
      whatsapp('c1', '+4915100000002'),
      sms('a2', '+4915100000003'),
      sms('b1', '+4915100000001', 'My order 1234 never arrived, please help'),
      email('d1', 'dan@example.org'),
      email('d2', 'dan@example.org', { thread: { messageId: 'd2@mail.example', inReplyTo: 'd1@mail.example', references: ['d1@mail.example'] } }),
      // A call logged late: received before the WhatsApp message above, so the ticket's channels start with voice.
      make('c2', INBOUND_FIXTURES.voice, { sender: { identities: [{ kind: 'phone', value: '+4915100000002' }] }, receivedAt: new Date(START + 150_000).toISOString() }),
      whatsapp('b2', '+4915100000001', 'My order 1234 never arrived, please help!'),
      telegram('e1', '7001002003'),
      // Ann signs in to the app with her email and phone: her two contacts become one, mid-batch.
      make('a3', INBOUND_FIXTURES.chat, {
        sender: { identities: [{ kind: 'chat-user', value: 'ann-app', verified: true }, { kind: 'email', value: 'ann@example.org' }, { kind: 'phone', value: '+4915100000003' }] },
        text: 'chat a3',
      }),
      sms('a4', '+4915100000003'),
      email('a1', 'ann@example.org'),
    ];
    const second = [
      email('d3', 'dan@example.org', { thread: { messageId: 'd3@mail.example', inReplyTo: 'd2@mail.example', references: ['d1@mail.example', 'd2@mail.example'] } }),
      email('f1', 'fay@example.org', { subject: `Re: your ticket ${tokenOf('a1') ?? ''}`, thread: { messageId: 'f1@mail.example', references: [] } }),
      sms('b3', '+4915100000001'),
      telegram('e2', '7001002003'),
      email('g1', 'gus@example.org'),
      email('g2', 'gus@example.org', { thread: { messageId: 'g2@mail.example', inReplyTo: 'unknown@elsewhere.example', references: [] } }),
    ];
    const third = [sms('b4', '+4915100000001'), whatsapp('c3', '+4915100000002'), email('d4', 'dan@example.org', { thread: { messageId: 'd4@mail.example', inReplyTo: 'd3@mail.example', references: [] } })];
    return [first, second, third];
  }

  async function run(path: IngestPath): Promise<string> {
    const tenantId = `eq-${path}-${randomUUID().slice(0, 6)}`;
    const tokens = new Map<string, string>();
    const batches = morning(tenantId, () => undefined);
    for (const [position, original] of batches.entries()) {
      // The token of the ticket holding a1 is only known once the first batch is stored.
      const batch = position === 1 ? morning(tenantId, (tag) => tokens.get(tag))[1] ?? original : original;
      const result = await processInboundBatch(db.dataSource, batch, { paths: [path] });
      expect(result).toMatchObject({ path, rejected: [] });
      if (position === 0) expect(result.fallbacks).toEqual([]);
      if (position === 0) {
        const [row] = await db.dataSource.query<{ token: string }[]>(
          "SELECT t.token FROM tickets t JOIN messages m ON m.ticket_id = t.id WHERE m.tenant_id = $1 AND m.dedupe_key = 'email:a1@mail.example'",
          [tenantId],
        );
        tokens.set('a1', `[#${row?.token}]`);
        // Agents solve b's and d's tickets between the batches: b writes again (reopen), d replies to the thread.
        await db.dataSource.query(
          `UPDATE tickets SET status = 'solved' WHERE id IN (SELECT ticket_id FROM messages WHERE tenant_id = $1 AND dedupe_key IN ('sms:b1', 'email:d1@mail.example'))`,
          [tenantId],
        );
      }
    }
    return JSON.stringify(await describeTenant(tenantId), null, 1);
  }

  /** Tickets, messages and events with every id replaced by the tag of the first message that names it. */
  async function describeTenant(tenantId: string) {
    const messages = await db.dataSource.query<{ id: string; tag: string; ticket_id: string; contact_id: string; rule: string; duplicate_of_id: string | null }[]>(
      "SELECT id, regexp_replace(dedupe_key, '^.*:|@mail.example$', '', 'g') AS tag, ticket_id, contact_id, rule, duplicate_of_id FROM messages WHERE tenant_id = $1 ORDER BY received_at",
      [tenantId],
    );
    const label = new Map<string, string>();
    for (const m of messages) {
      label.set(m.id, m.tag);
      if (!label.has(m.ticket_id)) label.set(m.ticket_id, `ticket(${m.tag})`);
      if (!label.has(m.contact_id)) label.set(m.contact_id, `contact(${m.tag})`);
    }
    const tickets = await db.dataSource.query<{ id: string; status: string; sequence: number }[]>('SELECT id, status, sequence FROM tickets WHERE tenant_id = $1', [tenantId]);
    const events = await db.dataSource.query<{ ticket_id: string; sequence: number; type: string; count: number; channels: string[] }[]>(
      `SELECT ticket_id, sequence, payload->>'type' AS type, (payload->'ticket'->>'messageCount')::int AS count, payload->'ticket'->'channels' AS channels
         FROM outbox_events WHERE tenant_id = $1 AND topic = 'tributary.tickets.v1' ORDER BY id`,
      [tenantId],
    );
    return {
      messages: messages.map((m) => `${m.tag} → ${label.get(m.ticket_id)} by ${m.rule} from ${label.get(m.contact_id)}${m.duplicate_of_id ? ` duplicate of ${label.get(m.duplicate_of_id)}` : ''}`),
      tickets: tickets.map((t) => `${label.get(t.id)} ${t.status} #${t.sequence}`).sort(),
      events: events.map((e) => `${label.get(e.ticket_id)} #${e.sequence} ${e.type} count=${e.count} ${e.channels.join('+')}`),
    };
  }

  it('places a busy morning exactly as the per-message path does', async () => {
    const setBased = await run('set-based');
    const perMessage = await run('per-message');
    expect(setBased).toEqual(perMessage);
    // And the reference itself is what the rules say.
    expect(JSON.parse(perMessage).messages).toEqual([
      'a1 → ticket(a1) by new-ticket from contact(a1)',
      'b1 → ticket(b1) by new-ticket from contact(b1)',
      'c2 → ticket(c2) by open-ticket-of-contact from contact(c2)',
      'c1 → ticket(c2) by new-ticket from contact(c2)',
      'a2 → ticket(a2) by new-ticket from contact(a2)',
      'd1 → ticket(d1) by new-ticket from contact(d1)',
      'd2 → ticket(d1) by email-thread from contact(d1)',
      'b2 → ticket(b1) by cross-channel-repeat from contact(b1) duplicate of b1',
      'e1 → ticket(e1) by new-ticket from contact(e1)',
      'a3 → ticket(a1) by open-ticket-of-contact from contact(a1)',
      'a4 → ticket(a1) by open-ticket-of-contact from contact(a1)',
      'd3 → ticket(d1) by email-thread from contact(d1)',
      'f1 → ticket(a1) by subject-token from contact(f1)',
      'b3 → ticket(b1) by reopened from contact(b1)',
      'e2 → ticket(e1) by open-ticket-of-contact from contact(e1)',
      'g1 → ticket(g1) by new-ticket from contact(g1)',
      'g2 → ticket(g1) by open-ticket-of-contact from contact(g1)',
      'b4 → ticket(b1) by open-ticket-of-contact from contact(b1)',
      'c3 → ticket(c2) by open-ticket-of-contact from contact(c2)',
      'd4 → ticket(d1) by email-thread from contact(d1)',
    ]);
    // Every ticket's events leave the outbox in sequence order, merges included.
    for (const path of ['set-based', 'per-message']) {
      const rows = await db.dataSource.query<{ ticket_id: string; sequences: number[] }[]>(
        `SELECT ticket_id, array_agg(sequence ORDER BY id) AS sequences FROM outbox_events
          WHERE tenant_id LIKE $1 AND topic = 'tributary.tickets.v1' GROUP BY ticket_id`,
        [`eq-${path}-%`],
      );
      for (const row of rows) expect(row.sequences).toEqual(row.sequences.map((_, i) => i + 1));
    }
  }, 60_000);
});
