import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createRouterTestDatabase, type RouterTestDatabase } from './router-test-database';

/**
 * A ticket's message count and first message time per channel live on the ticket row: the
 * migration fills them for the tickets that exist, and a trigger keeps them for every message
 * inserted after, whoever inserts it (a router of the previous release during a rolling upgrade
 * writes messages without knowing the columns exist).
 */
describe('ticket message stats', () => {
  let db: RouterTestDatabase;

  beforeAll(async () => {
    db = await createRouterTestDatabase();
    await db.dataSource.runMigrations();
    // Back to the release before (the stats and their backfill undone): the data below is what it wrote.
    await db.dataSource.undoLastMigration();
    await db.dataSource.undoLastMigration();
  });

  afterAll(async () => {
    await db.drop();
  });

  async function ticket(sql: DataSource): Promise<string> {
    const contactId = randomUUID();
    await sql.query(`INSERT INTO contacts (id, tenant_id) VALUES ($1, 'acme')`, [contactId]);
    const ticketId = randomUUID();
    await sql.query(
      `INSERT INTO tickets (id, tenant_id, contact_id, token, status, origin_channel, last_message_at) VALUES ($1, 'acme', $2, $3, 'open', 'sms', now())`,
      [ticketId, contactId, `T-${randomUUID().slice(0, 8).toUpperCase()}`],
    );
    return ticketId;
  }

  /** Messages as the router inserts them, several tickets' in one statement. */
  async function insertMessages(sql: { query(text: string, params: unknown[]): Promise<unknown> }, messages: { ticketId: string; channel: string; at: string }[]): Promise<void> {
    await sql.query(
      `INSERT INTO messages (id, tenant_id, dedupe_key, ticket_id, contact_id, direction, channel, provider, provider_message_id, rule, received_at, payload)
       SELECT gen_random_uuid(), 'acme', 'k:' || gen_random_uuid(), m.ticket_id, t.contact_id, 'inbound', m.channel, 'p', 'id', 'new-ticket', m.at, '{}'::jsonb
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS m(ticket_id, channel, at) JOIN tickets t ON t.id = m.ticket_id`,
      [messages.map((m) => m.ticketId), messages.map((m) => m.channel), messages.map((m) => m.at)],
    );
  }

  async function stats(sql: DataSource, ticketId: string): Promise<{ message_count: number; channel_first_at: Record<string, string> }> {
    const [row] = await sql.query<{ message_count: number; channel_first_at: Record<string, string> }[]>('SELECT message_count, channel_first_at FROM tickets WHERE id = $1', [ticketId]);
    if (!row) throw new Error(`ticket ${ticketId} not found`);
    return { message_count: row.message_count, channel_first_at: Object.fromEntries(Object.entries(row.channel_first_at).map(([channel, at]) => [channel, new Date(at).toISOString()])) };
  }

  it('are filled by the migration for tickets that had messages, and kept by the trigger for every message after', async () => {
    const sql = db.dataSource;
    await sql.query(`INSERT INTO tenants (id, name) VALUES ('acme', 'Acme')`);
    const old = await ticket(sql);
    const empty = await ticket(sql);
    await insertMessages(sql, [
      { ticketId: old, channel: 'sms', at: '2026-12-01T10:00:00Z' },
      { ticketId: old, channel: 'sms', at: '2026-12-01T09:00:00Z' },
      { ticketId: old, channel: 'email', at: '2026-12-02T08:00:00Z' },
    ]);

    await sql.runMigrations();
    expect(await stats(sql, old)).toEqual({ message_count: 3, channel_first_at: { sms: '2026-12-01T09:00:00.000Z', email: '2026-12-02T08:00:00.000Z' } });
    expect(await stats(sql, empty)).toEqual({ message_count: 0, channel_first_at: {} });

    // One statement over two tickets: an email older than the ticket's first, a new channel, the empty ticket's first.
    await insertMessages(sql, [
      { ticketId: old, channel: 'email', at: '2026-12-01T07:00:00Z' },
      { ticketId: old, channel: 'whatsapp', at: '2026-12-03T12:00:00Z' },
      { ticketId: old, channel: 'sms', at: '2026-12-03T12:00:01Z' },
      { ticketId: empty, channel: 'chat', at: '2026-12-04T00:00:00Z' },
    ]);
    expect(await stats(sql, old)).toEqual({
      message_count: 6,
      channel_first_at: { sms: '2026-12-01T09:00:00.000Z', email: '2026-12-01T07:00:00.000Z', whatsapp: '2026-12-03T12:00:00.000Z' },
    });
    expect(await stats(sql, empty)).toEqual({ message_count: 1, channel_first_at: { chat: '2026-12-04T00:00:00.000Z' } });
  });

  it('keep the earlier first time when two transactions add the same channel to one ticket at once', async () => {
    const sql = db.dataSource;
    const shared = await ticket(sql);
    const [first, second] = [new Client({ connectionString: db.url }), new Client({ connectionString: db.url })];
    await Promise.all([first.connect(), second.connect()]);
    try {
      await first.query('BEGIN');
      await insertMessages(first, [{ ticketId: shared, channel: 'email', at: '2026-12-05T10:00:00Z' }]);
      await second.query('BEGIN');
      // Its trigger reads the ticket before the first commits, then waits for the row.
      const waiting = insertMessages(second, [{ ticketId: shared, channel: 'email', at: '2026-12-05T10:05:00Z' }]);
      for (let tries = 0; ; tries += 1) {
        const [row] = await sql.query<{ waiting: number }[]>(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        if (row?.waiting === 1) break;
        if (tries > 200) throw new Error('the second insert never waited for the ticket row');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      await first.query('COMMIT');
      await waiting;
      await second.query('COMMIT');
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
    expect(await stats(sql, shared)).toEqual({ message_count: 2, channel_first_at: { email: '2026-12-05T10:00:00.000Z' } });
  });
});
