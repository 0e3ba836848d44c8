import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createRouterTestDatabase, type RouterTestDatabase } from './router-test-database';

/** `column udt_name nullable` per table, in column order: the schema as PostgreSQL reports it. */
const EXPECTED_COLUMNS: Record<string, string[]> = {
  tenants: ['id text NO', 'name text NO', 'threading_policy text NO', 'reopen_window_hours int4 NO', 'repeat_window_minutes int4 NO', 'created_at timestamptz NO'],
  contacts: ['id uuid NO', 'tenant_id text NO', 'display_name text YES', 'merged_into_id uuid YES', 'created_at timestamptz NO', 'updated_at timestamptz NO'],
  contact_identities: ['id uuid NO', 'tenant_id text NO', 'contact_id uuid NO', 'kind text NO', 'value text NO', 'verified bool NO', 'created_at timestamptz NO', 'unreachable_since timestamptz YES', 'unreachable_reason text YES'],
  contact_merges: [
    'id uuid NO', 'tenant_id text NO', 'source_contact_id uuid NO', 'target_contact_id uuid NO', 'moved_identity_ids _uuid NO',
    'reason text NO', 'actor text NO', 'merged_at timestamptz NO', 'reverted_at timestamptz YES', 'moved_ticket_ids _uuid NO',
    'closed_ticket_id uuid YES', 'closed_ticket_status text YES', 'surviving_ticket_id uuid YES', 'reverted_by text YES',
  ],
  tickets: [
    'id uuid NO', 'tenant_id text NO', 'contact_id uuid NO', 'token text NO', 'status text NO', 'origin_channel text NO', 'subject text YES',
    'conversation_key text YES', 'sequence int4 NO', 'merged_into_id uuid YES', 'created_at timestamptz NO', 'updated_at timestamptz NO',
    'last_message_at timestamptz NO', 'closed_at timestamptz YES', 'message_count int4 NO', 'channel_first_at jsonb NO',
  ],
  messages: [
    'id uuid NO', 'tenant_id text NO', 'dedupe_key text NO', 'ticket_id uuid NO', 'contact_id uuid NO', 'direction text NO', 'channel text NO',
    'provider text NO', 'provider_message_id text NO', 'email_message_id text YES', 'text_fingerprint text YES', 'rule text NO',
    'duplicate_of_id uuid YES', 'received_at timestamptz NO', 'payload jsonb NO', 'created_at timestamptz NO',
  ],
  outbox_events: [
    'id int8 NO', 'event_id uuid NO', 'tenant_id text NO', 'ticket_id uuid NO', 'sequence int4 NO', 'topic text NO', 'record_key text NO',
    'payload jsonb NO', 'created_at timestamptz NO', 'published_at timestamptz YES',
  ],
  outbox_pending: ['id int8 NO'],
  outbound_messages: [
    'id uuid NO', 'tenant_id text NO', 'ticket_id uuid NO', 'channel text NO', 'author_id text NO', 'payload jsonb NO',
    'requested_at timestamptz NO', 'delivery_state text YES', 'delivery_error jsonb YES', 'provider_message_id text YES',
    'delivery_occurred_at timestamptz YES', 'created_at timestamptz NO',
  ],
  delivery_reports: ['status_id uuid NO', 'outbound_id uuid NO', 'state text NO', 'occurred_at timestamptz NO', 'applied bool NO', 'received_at timestamptz NO'],
  message_attachments: [
    'tenant_id text NO', 'attachment_id uuid NO', 'inbound_message_id uuid NO', 'message_id uuid YES', 'position int4 YES', 'name text YES',
    'content_type text YES', 'state text NO', 'attachment jsonb YES', 'error jsonb YES', 'attempts int4 YES', 'status_id uuid YES',
    'occurred_at timestamptz YES', 'created_at timestamptz NO', 'updated_at timestamptz NO',
  ],
};

const MIGRATIONS = ['InitialRouterSchema1764057600000', 'OutboundDeliveryAndMergeHandovers1764201600000', 'MessageAttachments1764374400000', 'WhatsappUserIdentities1764460800000', 'UnreachableIdentities1764547200000', 'HotOutboxPublication1764633600000', 'MergedTicketsIndex1764700000000', 'TicketMessageStats1764800000000', 'TicketMessageStatsBackfill1764800100000'];

const EXPECTED_INDEXES = [
  'contact_identities_pkey', 'contact_identities_tenant_id_kind_value_key', 'contact_merges_pkey', 'contacts_pkey', 'delivery_reports_pkey',
  'message_attachments_message_id_idx', 'message_attachments_pkey', 'messages_email_message_id_idx', 'messages_pkey', 'messages_tenant_id_dedupe_key_key', 'messages_text_fingerprint_idx',
  'messages_ticket_id_received_at_idx', 'outbound_messages_pkey', 'outbound_messages_ticket_id_requested_at_idx',
  'outbox_events_event_id_key', 'outbox_events_pkey', 'outbox_events_ticket_id_sequence_topic_key', 'outbox_pending_pkey',
  'tenants_pkey', 'tickets_contact_id_last_message_at_idx', 'tickets_merged_into', 'tickets_one_open_per_contact', 'tickets_one_open_per_conversation', 'tickets_pkey', 'tickets_tenant_id_token_key',
];

const EXPECTED_FOREIGN_KEYS = [
  'contact_identities.contact_id -> contacts', 'contact_identities.tenant_id -> tenants', 'contact_merges.closed_ticket_id -> tickets',
  'contact_merges.source_contact_id -> contacts', 'contact_merges.surviving_ticket_id -> tickets', 'contact_merges.target_contact_id -> contacts',
  'contacts.merged_into_id -> contacts', 'contacts.tenant_id -> tenants', 'delivery_reports.outbound_id -> outbound_messages',
  'message_attachments.message_id -> messages', 'messages.contact_id -> contacts', 'messages.duplicate_of_id -> messages', 'messages.tenant_id -> tenants', 'messages.ticket_id -> tickets',
  'outbound_messages.tenant_id -> tenants', 'outbound_messages.ticket_id -> tickets',
  'tickets.contact_id -> contacts', 'tickets.merged_into_id -> tickets', 'tickets.tenant_id -> tenants',
];

const ROUTER_TABLES = Object.keys(EXPECTED_COLUMNS).sort();

async function tables(dataSource: DataSource): Promise<string[]> {
  const rows: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY table_name`,
  );
  return rows.map((row) => row.table_name);
}

async function indexes(dataSource: DataSource): Promise<Map<string, string>> {
  const rows: { indexname: string; indexdef: string }[] = await dataSource.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY indexname`,
  );
  return new Map(rows.map((row) => [row.indexname, row.indexdef]));
}

describe('router schema migrations', () => {
  let db: RouterTestDatabase;

  beforeAll(async () => {
    db = await createRouterTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  it('apply on an empty database and create every table, column, index and foreign key', async () => {
    expect(await tables(db.dataSource)).toEqual([]);
    const applied = await db.dataSource.runMigrations();
    expect(applied.map((migration) => migration.name)).toEqual(MIGRATIONS);

    expect(await tables(db.dataSource)).toEqual(ROUTER_TABLES);
    const columns: { table_name: string; column: string }[] = await db.dataSource.query(
      `SELECT table_name, column_name || ' ' || udt_name || ' ' || is_nullable AS column
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'migrations'
        ORDER BY table_name, ordinal_position`,
    );
    const byTable: Record<string, string[]> = {};
    for (const { table_name, column } of columns) (byTable[table_name] ??= []).push(column);
    expect(byTable).toEqual(EXPECTED_COLUMNS);

    const found = await indexes(db.dataSource);
    expect([...found.keys()]).toEqual(EXPECTED_INDEXES);
    expect(found.get('tickets_one_open_per_contact')).toMatch(
      /^CREATE UNIQUE INDEX .* \(tenant_id, contact_id\) WHERE \(\(status = ANY \(ARRAY\['open'::text, 'pending'::text\]\)\) AND \(conversation_key IS NULL\)\)$/,
    );
    expect(found.get('tickets_one_open_per_conversation')).toMatch(
      /^CREATE UNIQUE INDEX .* \(tenant_id, conversation_key\) WHERE \(\(status = ANY \(ARRAY\['open'::text, 'pending'::text\]\)\) AND \(conversation_key IS NOT NULL\)\)$/,
    );
    expect(found.get('messages_email_message_id_idx')).toMatch(/ \(tenant_id, email_message_id\) WHERE \(email_message_id IS NOT NULL\)$/);
    expect(found.get('messages_text_fingerprint_idx')).toMatch(
      / \(tenant_id, contact_id, text_fingerprint, received_at\) WHERE \(text_fingerprint IS NOT NULL\)$/,
    );
    expect(found.get('messages_ticket_id_received_at_idx')).toMatch(/ \(ticket_id, received_at\)$/);
    // The relay's mark of published_at stays a HOT update only while no index names that column.
    expect([...found.entries()].filter(([, definition]) => definition.includes('published_at'))).toEqual([]);
    const [outbox] = await db.dataSource.query<{ reloptions: string[] | null }[]>(`SELECT reloptions FROM pg_class WHERE oid = 'outbox_events'::regclass`);
    expect(outbox?.reloptions).toEqual(['fillfactor=50']);

    const foreignKeys: { fk: string }[] = await db.dataSource.query(
      `SELECT c.conrelid::regclass || '.' || a.attname || ' -> ' || c.confrelid::regclass AS fk
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace ORDER BY 1`,
    );
    expect(foreignKeys.map((row) => row.fk)).toEqual(EXPECTED_FOREIGN_KEYS);
  });

  it('fill the column defaults the repositories leave out, and round-trip jsonb payloads and bigint ids as the pg driver reads them', async () => {
    await db.dataSource.runMigrations(); // a no-op after the first test; lets this one run alone
    const sql = db.dataSource;
    await sql.query(`INSERT INTO tenants (id, name) VALUES ('acme', 'Acme')`);
    const contactId = randomUUID();
    await sql.query(`INSERT INTO contacts (id, tenant_id, display_name) VALUES ($1, 'acme', 'Ada')`, [contactId]);
    const at = new Date('2025-01-02T03:04:05.678Z');
    const ticketId = randomUUID();
    await sql.query(
      `INSERT INTO tickets (id, tenant_id, contact_id, token, status, origin_channel, subject, last_message_at)
       VALUES ($1, 'acme', $2, 'T-7K2M9QXD', 'open', 'email', 'Parcel', $3)`,
      [ticketId, contactId, at],
    );
    const payload = { text: 'Where is my parcel?', nested: { attachments: [1, 2] } };
    await sql.query(
      `INSERT INTO messages (id, tenant_id, dedupe_key, ticket_id, contact_id, direction, channel, provider, provider_message_id, rule, received_at, payload)
       VALUES ($1, 'acme', 'email:<a@b>', $2, $3, 'inbound', 'email', 'imap', '42', 'new-ticket', $4, $5)`,
      [randomUUID(), ticketId, contactId, at, payload],
    );
    await sql.query(
      `INSERT INTO outbox_events (event_id, tenant_id, ticket_id, sequence, topic, record_key, payload) VALUES ($1, 'acme', $2, 1, 'tributary.tickets.v1', $3, $4)`,
      [randomUUID(), ticketId, ticketId, payload],
    );

    const [tenant] = await sql.query<{ threading_policy: string; reopen_window_hours: number; repeat_window_minutes: number; created_at: unknown }[]>(
      `SELECT threading_policy, reopen_window_hours, repeat_window_minutes, created_at FROM tenants WHERE id = 'acme'`,
    );
    expect(tenant).toMatchObject({ threading_policy: 'contact', reopen_window_hours: 168, repeat_window_minutes: 60 });
    expect(tenant?.created_at).toBeInstanceOf(Date);
    const [ticket] = await sql.query<{ sequence: number; last_message_at: Date; conversation_key: string | null }[]>(
      'SELECT sequence, last_message_at, conversation_key FROM tickets WHERE id = $1',
      [ticketId],
    );
    expect(ticket).toEqual({ sequence: 0, last_message_at: at, conversation_key: null });
    const [message] = await sql.query<{ payload: unknown; received_at: Date }[]>('SELECT payload, received_at FROM messages WHERE ticket_id = $1', [ticketId]);
    expect(message).toEqual({ payload, received_at: at });
    const [event] = await sql.query<{ id: unknown; payload: unknown; published_at: Date | null }[]>('SELECT id, payload, published_at FROM outbox_events WHERE ticket_id = $1', [ticketId]);
    expect(event).toEqual({ id: expect.stringMatching(/^\d+$/), payload, published_at: null });

    const outboundId = randomUUID();
    await sql.query(
      `INSERT INTO outbound_messages (id, tenant_id, ticket_id, channel, author_id, payload, requested_at) VALUES ($1, 'acme', $2, 'sms', 'agent-1', $3, $4)`,
      [outboundId, ticketId, payload, at],
    );
    await sql.query(`INSERT INTO delivery_reports (status_id, outbound_id, state, occurred_at, applied) VALUES ($1, $2, 'failed', $3, true)`, [randomUUID(), outboundId, at]);
    await sql.query(`UPDATE outbound_messages SET delivery_state = 'failed', delivery_error = $2, delivery_occurred_at = $3 WHERE id = $1`, [
      outboundId,
      { code: '30003', message: 'Unreachable' },
      at,
    ]);
    const [reply] = await sql.query<{ payload: unknown; delivery_state: string; delivery_error: unknown; delivery_occurred_at: Date }[]>(
      'SELECT payload, delivery_state, delivery_error, delivery_occurred_at FROM outbound_messages WHERE id = $1',
      [outboundId],
    );
    expect(reply).toEqual({ payload, delivery_state: 'failed', delivery_error: { code: '30003', message: 'Unreachable' }, delivery_occurred_at: at });
    const [report] = await sql.query<{ received_at: unknown }[]>('SELECT received_at FROM delivery_reports WHERE outbound_id = $1', [outboundId]);
    expect(report?.received_at).toBeInstanceOf(Date);
    await expect(sql.query(`UPDATE outbound_messages SET delivery_state = 'lost' WHERE id = $1`, [outboundId])).rejects.toThrow(/outbound_messages_delivery_state_check/);
  });

  it('revert completely with down, and apply again with up', async () => {
    await db.dataSource.undoLastMigration();
    // Down of the ninth migration (the backfill) changes nothing.
    expect((await db.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'tickets'`))[0]?.n).toBe(16);
    await db.dataSource.undoLastMigration();
    // Down of the eighth migration drops the ticket's message stats and the trigger that kept them.
    const ticketColumns: { column_name: string }[] = await db.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'tickets' ORDER BY ordinal_position`,
    );
    expect(ticketColumns.map((row) => row.column_name)).toEqual(EXPECTED_COLUMNS['tickets']?.slice(0, 14).map((column) => column.split(' ')[0]));
    expect(await db.dataSource.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'messages'::regclass AND NOT tgisinternal`)).toEqual([]);
    await db.dataSource.undoLastMigration();
    // Down of the seventh migration drops only the index of merged tickets.
    expect((await indexes(db.dataSource)).has('tickets_merged_into')).toBe(false);
    expect(await tables(db.dataSource)).toEqual(ROUTER_TABLES);
    await db.dataSource.undoLastMigration();
    // Down of the sixth migration brings back the partial index of unpublished rows and drops the queue.
    expect(await tables(db.dataSource)).toEqual(ROUTER_TABLES.filter((table) => table !== 'outbox_pending'));
    expect((await indexes(db.dataSource)).get('outbox_events_unpublished')).toMatch(/ \(id\) WHERE \(published_at IS NULL\)$/);
    await db.dataSource.undoLastMigration();
    // Down of the fifth migration drops only the reachability columns.
    const identityColumns: { column_name: string }[] = await db.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'contact_identities' ORDER BY ordinal_position`,
    );
    expect(identityColumns.map((row) => row.column_name)).toEqual(EXPECTED_COLUMNS['contact_identities']?.slice(0, 7).map((column) => column.split(' ')[0]));
    await db.dataSource.undoLastMigration();
    // Down of the fourth migration only narrows the identity kinds: a whatsapp-user identity is refused again.
    expect(await tables(db.dataSource)).toEqual(ROUTER_TABLES.filter((table) => table !== 'outbox_pending'));
    await expect(
      db.dataSource.query(`INSERT INTO contact_identities (id, tenant_id, contact_id, kind, value) VALUES (gen_random_uuid(), 'nobody', gen_random_uuid(), 'whatsapp-user', 'US.1')`),
    ).rejects.toThrow(/contact_identities_kind_check/);
    await db.dataSource.undoLastMigration();
    // Down of the third migration leaves exactly the second one's schema.
    expect(await tables(db.dataSource)).toEqual(ROUTER_TABLES.filter((table) => !['message_attachments', 'outbox_pending'].includes(table)));
    await db.dataSource.undoLastMigration();
    // Down of the second migration leaves exactly the first one's schema.
    expect(await tables(db.dataSource)).toEqual(ROUTER_TABLES.filter((table) => !['delivery_reports', 'outbound_messages', 'message_attachments', 'outbox_pending'].includes(table)));
    const mergeColumns: { column_name: string }[] = await db.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'contact_merges' ORDER BY ordinal_position`,
    );
    expect(mergeColumns.map((row) => row.column_name)).toEqual(EXPECTED_COLUMNS['contact_merges']?.slice(0, 9).map((column) => column.split(' ')[0]));
    await db.dataSource.undoLastMigration();
    expect(await tables(db.dataSource)).toEqual([]);
    expect([...(await indexes(db.dataSource)).keys()]).toEqual([]);
    const leftovers: { relname: string }[] = await db.dataSource.query(
      // Anything of ours left behind: a table, index, sequence or type (TypeORM's own migrations table aside).
      `SELECT c.relname FROM pg_class c LEFT JOIN pg_index i ON i.indexrelid = c.oid
        WHERE c.relnamespace = 'public'::regnamespace AND c.relname NOT LIKE 'migrations%'
          AND (i.indrelid IS NULL OR i.indrelid <> 'public.migrations'::regclass)`,
    );
    expect(leftovers).toEqual([]);

    const applied = await db.dataSource.runMigrations();
    expect(applied.map((migration) => migration.name)).toEqual(MIGRATIONS);
    expect(await tables(db.dataSource)).toEqual(ROUTER_TABLES);
    expect([...(await indexes(db.dataSource)).keys()]).toEqual(EXPECTED_INDEXES);
  });
});
