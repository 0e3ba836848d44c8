import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createRouterTestDatabase, type RouterTestDatabase } from './router-test-database';

const UNIQUE_VIOLATION = '23505';
const CHECK_VIOLATION = '23514';

interface TicketFields {
  contactId: string;
  status?: string;
  conversationKey?: string | null;
  tenantId?: string;
}

describe('router schema constraints', () => {
  let db: RouterTestDatabase;
  let sql: DataSource;

  beforeAll(async () => {
    db = await createRouterTestDatabase();
    sql = db.dataSource;
    await sql.runMigrations();
    await sql.query(`INSERT INTO tenants (id, name) VALUES ('acme', 'Acme'), ('globex', 'Globex')`);
  });

  afterAll(async () => {
    await db.drop();
  });

  async function contact(tenantId = 'acme'): Promise<string> {
    const id = randomUUID();
    await sql.query('INSERT INTO contacts (id, tenant_id) VALUES ($1, $2)', [id, tenantId]);
    return id;
  }

  async function identity(tenantId: string, contactId: string, kind: string, value: string): Promise<void> {
    await sql.query('INSERT INTO contact_identities (id, tenant_id, contact_id, kind, value) VALUES ($1, $2, $3, $4, $5)', [
      randomUUID(), tenantId, contactId, kind, value,
    ]);
  }

  async function ticket({ contactId, status = 'open', conversationKey = null, tenantId = 'acme' }: TicketFields): Promise<string> {
    const id = randomUUID();
    await sql.query(
      `INSERT INTO tickets (id, tenant_id, contact_id, token, status, origin_channel, conversation_key, last_message_at)
       VALUES ($1, $2, $3, $4, $5, 'email', $6, now())`,
      [id, tenantId, contactId, `T-${id.slice(0, 8).toUpperCase()}`, status, conversationKey],
    );
    return id;
  }

  async function message(ticketId: string, contactId: string, dedupeKey: string, tenantId = 'acme'): Promise<void> {
    await sql.query(
      `INSERT INTO messages (id, tenant_id, dedupe_key, ticket_id, contact_id, direction, channel, provider, provider_message_id, rule, received_at, payload)
       VALUES ($1, $2, $3, $4, $5, 'inbound', 'sms', 'twilio', $6, 'new-ticket', now(), '{}'::jsonb)`,
      [randomUUID(), tenantId, dedupeKey, ticketId, contactId, `SM${randomUUID()}`],
    );
  }

  describe('messages', () => {
    it('store a dedupe key once per tenant: a redelivery is rejected by messages_tenant_id_dedupe_key_key', async () => {
      const contactId = await contact();
      const ticketId = await ticket({ contactId });
      await message(ticketId, contactId, 'twilio:SM123');

      await expect(message(ticketId, contactId, 'twilio:SM123')).rejects.toMatchObject({
        code: UNIQUE_VIOLATION,
        constraint: 'messages_tenant_id_dedupe_key_key',
      });
      const [row] = await sql.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM messages WHERE dedupe_key = 'twilio:SM123'`);
      expect(row?.n).toBe(1);
    });

    it('allow the same dedupe key in another tenant', async () => {
      const acmeContact = await contact('acme');
      const globexContact = await contact('globex');
      await message(await ticket({ contactId: acmeContact }), acmeContact, 'email:<shared@example.com>');
      await expect(
        message(await ticket({ contactId: globexContact, tenantId: 'globex' }), globexContact, 'email:<shared@example.com>', 'globex'),
      ).resolves.toBeUndefined();
    });
  });

  describe('contact identities', () => {
    it('are unique per (tenant, kind, value): a second contact cannot claim the same number', async () => {
      await identity('acme', await contact(), 'phone', '+4915112345678');
      await expect(identity('acme', await contact(), 'phone', '+4915112345678')).rejects.toMatchObject({
        code: UNIQUE_VIOLATION,
        constraint: 'contact_identities_tenant_id_kind_value_key',
      });
    });

    it('allow the same value in two tenants, and under another kind (phone and WhatsApp of one number)', async () => {
      await identity('acme', await contact('acme'), 'email', 'ada@example.com');
      await expect(identity('globex', await contact('globex'), 'email', 'ada@example.com')).resolves.toBeUndefined();
      await expect(identity('acme', await contact('acme'), 'whatsapp', '+4915112345678')).resolves.toBeUndefined();
    });

    it('reject an unknown kind', async () => {
      await expect(identity('acme', await contact(), 'fax', '+4930123456')).rejects.toMatchObject({
        code: CHECK_VIOLATION,
        constraint: 'contact_identities_kind_check',
      });
    });
  });

  describe('tickets under the contact policy', () => {
    it('allow one open ticket per contact: a second open or pending one is rejected by tickets_one_open_per_contact', async () => {
      const contactId = await contact();
      await ticket({ contactId });
      for (const status of ['open', 'pending']) {
        await expect(ticket({ contactId, status })).rejects.toMatchObject({ code: UNIQUE_VIOLATION, constraint: 'tickets_one_open_per_contact' });
      }
    });

    it('allow a new open ticket once the first is solved', async () => {
      const contactId = await contact();
      const first = await ticket({ contactId });
      await sql.query(`UPDATE tickets SET status = 'solved' WHERE id = $1`, [first]);
      await expect(ticket({ contactId })).resolves.toEqual(expect.any(String));
    });

    it('let INSERT … ON CONFLICT on the partial index keep the existing open ticket', async () => {
      const contactId = await contact();
      const existing = await ticket({ contactId });
      const inserted: unknown[] = await sql.query(
        `INSERT INTO tickets (id, tenant_id, contact_id, token, status, origin_channel, last_message_at)
         VALUES ($1, 'acme', $2, 'T-RACE0001', 'open', 'sms', now())
         ON CONFLICT (tenant_id, contact_id) WHERE status IN ('open', 'pending') AND conversation_key IS NULL DO NOTHING
         RETURNING id`,
        [randomUUID(), contactId],
      );
      expect(inserted).toEqual([]);
      const open: { id: string }[] = await sql.query(`SELECT id FROM tickets WHERE contact_id = $1 AND status = 'open'`, [contactId]);
      expect(open).toEqual([{ id: existing }]);
    });

    it('reject an unknown status', async () => {
      await expect(ticket({ contactId: await contact(), status: 'archived' })).rejects.toMatchObject({
        code: CHECK_VIOLATION,
        constraint: 'tickets_status_check',
      });
    });
  });

  describe('tickets under the conversation policy', () => {
    it('allow two open tickets of one contact in different conversations, but not two in the same one', async () => {
      const contactId = await contact();
      await ticket({ contactId, conversationKey: 'whatsapp:+4915112345678' });
      await expect(ticket({ contactId, conversationKey: 'telegram:99887766' })).resolves.toEqual(expect.any(String));
      await expect(ticket({ contactId, conversationKey: 'whatsapp:+4915112345678' })).rejects.toMatchObject({
        code: UNIQUE_VIOLATION,
        constraint: 'tickets_one_open_per_conversation',
      });
    });

    it('allow a new ticket in a conversation once its open one is closed', async () => {
      const contactId = await contact();
      const first = await ticket({ contactId, conversationKey: 'chat:session-1' });
      await sql.query(`UPDATE tickets SET status = 'closed', closed_at = now() WHERE id = $1`, [first]);
      await expect(ticket({ contactId, conversationKey: 'chat:session-1' })).resolves.toEqual(expect.any(String));
    });
  });

  describe('ticket tokens and outbox events', () => {
    it('keep ticket tokens unique per tenant', async () => {
      const insert = (tenantId: string, contactId: string): Promise<unknown> =>
        sql.query(
          `INSERT INTO tickets (id, tenant_id, contact_id, token, status, origin_channel, last_message_at) VALUES ($1, $2, $3, 'T-SAMETOKN', 'solved', 'chat', now())`,
          [randomUUID(), tenantId, contactId],
        );
      await insert('acme', await contact('acme'));
      await expect(insert('globex', await contact('globex'))).resolves.toBeDefined();
      await expect(insert('acme', await contact('acme'))).rejects.toMatchObject({ code: UNIQUE_VIOLATION, constraint: 'tickets_tenant_id_token_key' });
    });

    it('write each (ticket, sequence, topic) once and each event id once', async () => {
      const ticketId = randomUUID();
      const eventId = randomUUID();
      const event = (id: string, sequence: number, topic: string): Promise<unknown> =>
        sql.query(
          `INSERT INTO outbox_events (event_id, tenant_id, ticket_id, sequence, topic, record_key, payload) VALUES ($1, 'acme', $2, $3, $4, $5, '{}'::jsonb)`,
          [id, ticketId, sequence, topic, ticketId],
        );
      await event(eventId, 1, 'tributary.tickets.v1');
      await expect(event(randomUUID(), 1, 'tributary.tickets.state.v1')).resolves.toBeDefined();
      await expect(event(randomUUID(), 1, 'tributary.tickets.v1')).rejects.toMatchObject({
        code: UNIQUE_VIOLATION,
        constraint: 'outbox_events_ticket_id_sequence_topic_key',
      });
      await expect(event(eventId, 2, 'tributary.tickets.v1')).rejects.toMatchObject({ code: UNIQUE_VIOLATION, constraint: 'outbox_events_event_id_key' });
    });
  });
});
