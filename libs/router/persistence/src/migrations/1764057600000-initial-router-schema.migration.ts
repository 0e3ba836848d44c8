import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The router's first schema: tenants, contacts and their identities (with reversible merges),
 * tickets, messages and the ticket-event outbox. Raw SQL, so what runs in production is what was
 * reviewed; constraint and index names are explicit because the router's code matches on them.
 * Frozen once released: later changes come as new migrations.
 */
export class InitialRouterSchema1764057600000 implements MigrationInterface {
  readonly name = 'InitialRouterSchema1764057600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tenants (
        id text NOT NULL,
        name text NOT NULL,
        threading_policy text NOT NULL DEFAULT 'contact',
        reopen_window_hours integer NOT NULL DEFAULT 168,
        repeat_window_minutes integer NOT NULL DEFAULT 60,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tenants_pkey PRIMARY KEY (id),
        CONSTRAINT tenants_threading_policy_check CHECK (threading_policy IN ('contact', 'conversation'))
      )`);
    await queryRunner.query(`
      CREATE TABLE contacts (
        id uuid NOT NULL,
        tenant_id text NOT NULL,
        display_name text NULL,
        merged_into_id uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contacts_pkey PRIMARY KEY (id),
        CONSTRAINT contacts_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id),
        CONSTRAINT contacts_merged_into_id_fkey FOREIGN KEY (merged_into_id) REFERENCES contacts (id)
      )`);
    await queryRunner.query(`
      CREATE TABLE contact_identities (
        id uuid NOT NULL,
        tenant_id text NOT NULL,
        contact_id uuid NOT NULL,
        kind text NOT NULL,
        value text NOT NULL,
        verified boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contact_identities_pkey PRIMARY KEY (id),
        CONSTRAINT contact_identities_tenant_id_kind_value_key UNIQUE (tenant_id, kind, value),
        CONSTRAINT contact_identities_kind_check
          CHECK (kind IN ('email', 'phone', 'whatsapp', 'telegram', 'messenger', 'instagram', 'chat-user')),
        CONSTRAINT contact_identities_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id),
        CONSTRAINT contact_identities_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts (id)
      )`);
    await queryRunner.query(`
      CREATE TABLE contact_merges (
        id uuid NOT NULL,
        tenant_id text NOT NULL,
        source_contact_id uuid NOT NULL,
        target_contact_id uuid NOT NULL,
        moved_identity_ids uuid[] NOT NULL,
        reason text NOT NULL,
        actor text NOT NULL,
        merged_at timestamptz NOT NULL DEFAULT now(),
        reverted_at timestamptz NULL,
        CONSTRAINT contact_merges_pkey PRIMARY KEY (id),
        CONSTRAINT contact_merges_source_contact_id_fkey FOREIGN KEY (source_contact_id) REFERENCES contacts (id),
        CONSTRAINT contact_merges_target_contact_id_fkey FOREIGN KEY (target_contact_id) REFERENCES contacts (id)
      )`);
    await queryRunner.query(`
      CREATE TABLE tickets (
        id uuid NOT NULL,
        tenant_id text NOT NULL,
        contact_id uuid NOT NULL,
        token text NOT NULL,
        status text NOT NULL,
        origin_channel text NOT NULL,
        subject text NULL,
        conversation_key text NULL,
        sequence integer NOT NULL DEFAULT 0,
        merged_into_id uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_message_at timestamptz NOT NULL,
        closed_at timestamptz NULL,
        CONSTRAINT tickets_pkey PRIMARY KEY (id),
        CONSTRAINT tickets_tenant_id_token_key UNIQUE (tenant_id, token),
        CONSTRAINT tickets_status_check CHECK (status IN ('open', 'pending', 'solved', 'closed')),
        CONSTRAINT tickets_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id),
        CONSTRAINT tickets_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts (id),
        CONSTRAINT tickets_merged_into_id_fkey FOREIGN KEY (merged_into_id) REFERENCES tickets (id)
      )`);
    // One open ticket per contact (policy "contact") or per conversation (policy "conversation"):
    // the database, not the router, settles races between instances.
    await queryRunner.query(`
      CREATE UNIQUE INDEX tickets_one_open_per_contact ON tickets (tenant_id, contact_id)
        WHERE status IN ('open', 'pending') AND conversation_key IS NULL`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX tickets_one_open_per_conversation ON tickets (tenant_id, conversation_key)
        WHERE status IN ('open', 'pending') AND conversation_key IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE messages (
        id uuid NOT NULL,
        tenant_id text NOT NULL,
        dedupe_key text NOT NULL,
        ticket_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        direction text NOT NULL,
        channel text NOT NULL,
        provider text NOT NULL,
        provider_message_id text NOT NULL,
        email_message_id text NULL,
        text_fingerprint text NULL,
        rule text NOT NULL,
        duplicate_of_id uuid NULL,
        received_at timestamptz NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT messages_pkey PRIMARY KEY (id),
        CONSTRAINT messages_tenant_id_dedupe_key_key UNIQUE (tenant_id, dedupe_key),
        CONSTRAINT messages_direction_check CHECK (direction IN ('inbound', 'outbound')),
        CONSTRAINT messages_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id),
        CONSTRAINT messages_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets (id),
        CONSTRAINT messages_contact_id_fkey FOREIGN KEY (contact_id) REFERENCES contacts (id),
        CONSTRAINT messages_duplicate_of_id_fkey FOREIGN KEY (duplicate_of_id) REFERENCES messages (id)
      )`);
    await queryRunner.query(`
      CREATE INDEX messages_email_message_id_idx ON messages (tenant_id, email_message_id)
        WHERE email_message_id IS NOT NULL`);
    await queryRunner.query(`
      CREATE INDEX messages_text_fingerprint_idx ON messages (tenant_id, contact_id, text_fingerprint, received_at)
        WHERE text_fingerprint IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX messages_ticket_id_received_at_idx ON messages (ticket_id, received_at)`);
    await queryRunner.query(`
      CREATE TABLE outbox_events (
        id bigserial NOT NULL,
        event_id uuid NOT NULL,
        tenant_id text NOT NULL,
        ticket_id uuid NOT NULL,
        sequence integer NOT NULL,
        topic text NOT NULL,
        record_key text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz NULL,
        CONSTRAINT outbox_events_pkey PRIMARY KEY (id),
        CONSTRAINT outbox_events_event_id_key UNIQUE (event_id),
        CONSTRAINT outbox_events_ticket_id_sequence_topic_key UNIQUE (ticket_id, sequence, topic)
      )`);
    await queryRunner.query(`CREATE INDEX outbox_events_unpublished ON outbox_events (id) WHERE published_at IS NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Dependents first; dropping a table drops its indexes and constraints with it.
    await queryRunner.query(`DROP TABLE outbox_events`);
    await queryRunner.query(`DROP TABLE messages`);
    await queryRunner.query(`DROP TABLE tickets`);
    await queryRunner.query(`DROP TABLE contact_merges`);
    await queryRunner.query(`DROP TABLE contact_identities`);
    await queryRunner.query(`DROP TABLE contacts`);
    await queryRunner.query(`DROP TABLE tenants`);
  }
}
