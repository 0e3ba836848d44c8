import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ContactEntity } from '../src/entities/contact.entity';
import { MessageEntity } from '../src/entities/message.entity';
import { DeliveryReportEntity } from '../src/entities/delivery-report.entity';
import { OutboundMessageEntity } from '../src/entities/outbound-message.entity';
import { OutboxEventEntity } from '../src/entities/outbox-event.entity';
import { TenantEntity } from '../src/entities/tenant.entity';
import { TicketEntity } from '../src/entities/ticket.entity';
import { createRouterTestDatabase, type RouterTestDatabase } from './router-test-database';

/** `column udt_name nullable` per table, in column order: the schema as PostgreSQL reports it. */
const EXPECTED_COLUMNS: Record<string, string[]> = {
  tenants: ['id text NO', 'name text NO', 'threading_policy text NO', 'reopen_window_hours int4 NO', 'repeat_window_minutes int4 NO', 'created_at timestamptz NO'],
  contacts: ['id uuid NO', 'tenant_id text NO', 'display_name text YES', 'merged_into_id uuid YES', 'created_at timestamptz NO', 'updated_at timestamptz NO'],
  contact_identities: ['id uuid NO', 'tenant_id text NO', 'contact_id uuid NO', 'kind text NO', 'value text NO', 'verified bool NO', 'created_at timestamptz NO'],
  contact_merges: [
    'id uuid NO', 'tenant_id text NO', 'source_contact_id uuid NO', 'target_contact_id uuid NO', 'moved_identity_ids _uuid NO',
    'reason text NO', 'actor text NO', 'merged_at timestamptz NO', 'reverted_at timestamptz YES', 'moved_ticket_ids _uuid NO',
    'closed_ticket_id uuid YES', 'closed_ticket_status text YES', 'surviving_ticket_id uuid YES', 'reverted_by text YES',
  ],
  tickets: [
    'id uuid NO', 'tenant_id text NO', 'contact_id uuid NO', 'token text NO', 'status text NO', 'origin_channel text NO', 'subject text YES',
    'conversation_key text YES', 'sequence int4 NO', 'merged_into_id uuid YES', 'created_at timestamptz NO', 'updated_at timestamptz NO',
    'last_message_at timestamptz NO', 'closed_at timestamptz YES',
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
  outbound_messages: [
    'id uuid NO', 'tenant_id text NO', 'ticket_id uuid NO', 'channel text NO', 'author_id text NO', 'payload jsonb NO',
    'requested_at timestamptz NO', 'delivery_state text YES', 'delivery_error jsonb YES', 'provider_message_id text YES',
    'delivery_occurred_at timestamptz YES', 'created_at timestamptz NO',
  ],
  delivery_reports: ['status_id uuid NO', 'outbound_id uuid NO', 'state text NO', 'occurred_at timestamptz NO', 'applied bool NO', 'received_at timestamptz NO'],
};

const MIGRATIONS = ['InitialRouterSchema1764057600000', 'OutboundDeliveryAndMergeHandovers1764201600000'];

const EXPECTED_INDEXES = [
  'contact_identities_pkey', 'contact_identities_tenant_id_kind_value_key', 'contact_merges_pkey', 'contacts_pkey', 'delivery_reports_pkey',
  'messages_email_message_id_idx', 'messages_pkey', 'messages_tenant_id_dedupe_key_key', 'messages_text_fingerprint_idx',
  'messages_ticket_id_received_at_idx', 'outbound_messages_pkey', 'outbound_messages_ticket_id_requested_at_idx',
  'outbox_events_event_id_key', 'outbox_events_pkey', 'outbox_events_ticket_id_sequence_topic_key', 'outbox_events_unpublished',
  'tenants_pkey', 'tickets_contact_id_last_message_at_idx', 'tickets_one_open_per_contact', 'tickets_one_open_per_conversation', 'tickets_pkey', 'tickets_tenant_id_token_key',
];

const EXPECTED_FOREIGN_KEYS = [
  'contact_identities.contact_id -> contacts', 'contact_identities.tenant_id -> tenants', 'contact_merges.closed_ticket_id -> tickets',
  'contact_merges.source_contact_id -> contacts', 'contact_merges.surviving_ticket_id -> tickets', 'contact_merges.target_contact_id -> contacts',
  'contacts.merged_into_id -> contacts', 'contacts.tenant_id -> tenants', 'delivery_reports.outbound_id -> outbound_messages',
  'messages.contact_id -> contacts', 'messages.duplicate_of_id -> messages', 'messages.tenant_id -> tenants', 'messages.ticket_id -> tickets',
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
    expect(found.get('outbox_events_unpublished')).toMatch(/ \(id\) WHERE \(published_at IS NULL\)$/);

    const foreignKeys: { fk: string }[] = await db.dataSource.query(
      `SELECT c.conrelid::regclass || '.' || a.attname || ' -> ' || c.confrelid::regclass AS fk
         FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace ORDER BY 1`,
    );
    expect(foreignKeys.map((row) => row.fk)).toEqual(EXPECTED_FOREIGN_KEYS);
  });

  it('match the entities exactly: TypeORM finds nothing to change', async () => {
    await db.dataSource.runMigrations(); // a no-op after the first test; lets this one run alone
    const plan = await db.dataSource.driver.createSchemaBuilder().log();
    expect(plan.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('store and load every entity with its column defaults, jsonb payloads and bigint ids as strings', async () => {
    await db.dataSource.runMigrations(); // a no-op after the first test; lets this one run alone
    const manager = db.dataSource.manager;
    const tenant = await manager.save(TenantEntity, { id: 'acme', name: 'Acme' });
    const contact = await manager.save(ContactEntity, { id: randomUUID(), tenantId: tenant.id, displayName: 'Ada', mergedIntoId: null });
    const at = new Date('2025-01-02T03:04:05.678Z');
    const ticket = await manager.save(TicketEntity, {
      id: randomUUID(), tenantId: tenant.id, contactId: contact.id, token: 'T-7K2M9QXD', status: 'open', originChannel: 'email',
      subject: 'Parcel', conversationKey: null, mergedIntoId: null, lastMessageAt: at, closedAt: null,
    });
    const payload = { text: 'Where is my parcel?', nested: { attachments: [1, 2] } };
    await manager.save(MessageEntity, {
      id: randomUUID(), tenantId: tenant.id, dedupeKey: 'email:<a@b>', ticketId: ticket.id, contactId: contact.id, direction: 'inbound',
      channel: 'email', provider: 'imap', providerMessageId: '42', emailMessageId: '<a@b>', textFingerprint: 'f1', rule: 'new-ticket',
      duplicateOfId: null, receivedAt: at, payload,
    });
    await manager.save(OutboxEventEntity, {
      eventId: randomUUID(), tenantId: tenant.id, ticketId: ticket.id, sequence: 1, topic: 'tributary.tickets.v1', recordKey: ticket.id, payload, publishedAt: null,
    });

    const storedTenant = await manager.findOneByOrFail(TenantEntity, { id: 'acme' });
    expect(storedTenant).toMatchObject({ threadingPolicy: 'contact', reopenWindowHours: 168, repeatWindowMinutes: 60 });
    expect(storedTenant.createdAt).toBeInstanceOf(Date);
    const storedTicket = await manager.findOneByOrFail(TicketEntity, { id: ticket.id });
    expect(storedTicket).toMatchObject({ sequence: 0, status: 'open', lastMessageAt: at, conversationKey: null });
    const storedMessage = await manager.findOneByOrFail(MessageEntity, { ticketId: ticket.id });
    expect(storedMessage.payload).toEqual(payload);
    expect(storedMessage.receivedAt).toEqual(at);
    const [event] = await manager.find(OutboxEventEntity, { where: { ticketId: ticket.id } });
    expect(typeof event?.id).toBe('string');
    expect(event?.id).toMatch(/^\d+$/);
    expect(event?.payload).toEqual(payload);

    const outboundId = randomUUID();
    await manager.save(OutboundMessageEntity, {
      id: outboundId, tenantId: tenant.id, ticketId: ticket.id, channel: 'sms', authorId: 'agent-1', payload, requestedAt: at,
      deliveryState: null, deliveryError: null, providerMessageId: null, deliveryOccurredAt: null,
    });
    await manager.save(DeliveryReportEntity, { statusId: randomUUID(), outboundId, state: 'failed', occurredAt: at, applied: true });
    await manager.update(OutboundMessageEntity, { id: outboundId }, { deliveryState: 'failed', deliveryError: { code: '30003', message: 'Unreachable' }, deliveryOccurredAt: at });
    const storedReply = await manager.findOneByOrFail(OutboundMessageEntity, { id: outboundId });
    expect(storedReply).toMatchObject({ payload, deliveryState: 'failed', deliveryError: { code: '30003', message: 'Unreachable' }, deliveryOccurredAt: at });
    expect((await manager.findOneByOrFail(DeliveryReportEntity, { outboundId })).receivedAt).toBeInstanceOf(Date);
    await expect(manager.update(OutboundMessageEntity, { id: outboundId }, { deliveryState: 'lost' as 'failed' })).rejects.toThrow(/outbound_messages_delivery_state_check/);
  });

  it('revert completely with down, and apply again with up', async () => {
    await db.dataSource.undoLastMigration();
    // Down of the second migration leaves exactly the first one's schema.
    expect(await tables(db.dataSource)).toEqual(ROUTER_TABLES.filter((table) => !['delivery_reports', 'outbound_messages'].includes(table)));
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
