import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound replies get a row each, so delivery reports have something to update: the latest
 * state per reply, and every report by its statusId so a repeat changes nothing. Contact merges
 * also record the tickets they handed over and the ticket they closed, so an unmerge restores
 * exactly what moved. Tickets get an index by contact. Frozen once released.
 */
export class OutboundDeliveryAndMergeHandovers1764201600000 implements MigrationInterface {
  readonly name = 'OutboundDeliveryAndMergeHandovers1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbound_messages (
        id uuid NOT NULL,
        tenant_id text NOT NULL,
        ticket_id uuid NOT NULL,
        channel text NOT NULL,
        author_id text NOT NULL,
        payload jsonb NOT NULL,
        requested_at timestamptz NOT NULL,
        delivery_state text NULL,
        delivery_error jsonb NULL,
        provider_message_id text NULL,
        delivery_occurred_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT outbound_messages_pkey PRIMARY KEY (id),
        CONSTRAINT outbound_messages_delivery_state_check
          CHECK (delivery_state IN ('queued', 'sent', 'delivered', 'read', 'undelivered', 'failed')),
        CONSTRAINT outbound_messages_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id),
        CONSTRAINT outbound_messages_ticket_id_fkey FOREIGN KEY (ticket_id) REFERENCES tickets (id)
      )`);
    await queryRunner.query(`CREATE INDEX outbound_messages_ticket_id_requested_at_idx ON outbound_messages (ticket_id, requested_at)`);
    // A contact's tickets of any status (the router's reopen rule, merges and hand-overs) without a scan.
    await queryRunner.query(`CREATE INDEX tickets_contact_id_last_message_at_idx ON tickets (contact_id, last_message_at)`);
    await queryRunner.query(`
      CREATE TABLE delivery_reports (
        status_id uuid NOT NULL,
        outbound_id uuid NOT NULL,
        state text NOT NULL,
        occurred_at timestamptz NOT NULL,
        applied boolean NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        -- A report is a repeat only for the same reply: a statusId another tenant's channel happens
        -- to reuse can never swallow this one.
        CONSTRAINT delivery_reports_pkey PRIMARY KEY (outbound_id, status_id),
        CONSTRAINT delivery_reports_outbound_id_fkey FOREIGN KEY (outbound_id) REFERENCES outbound_messages (id)
      )`);
    // Earlier merges moved tickets without recording them: they start with an empty list.
    await queryRunner.query(`ALTER TABLE contact_merges ADD COLUMN moved_ticket_ids uuid[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE contact_merges ALTER COLUMN moved_ticket_ids DROP DEFAULT`);
    await queryRunner.query(`
      ALTER TABLE contact_merges
        ADD COLUMN closed_ticket_id uuid NULL,
        ADD COLUMN closed_ticket_status text NULL,
        ADD COLUMN surviving_ticket_id uuid NULL,
        ADD COLUMN reverted_by text NULL,
        ADD CONSTRAINT contact_merges_closed_ticket_id_fkey FOREIGN KEY (closed_ticket_id) REFERENCES tickets (id),
        ADD CONSTRAINT contact_merges_surviving_ticket_id_fkey FOREIGN KEY (surviving_ticket_id) REFERENCES tickets (id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE contact_merges
        DROP COLUMN reverted_by, DROP COLUMN surviving_ticket_id, DROP COLUMN closed_ticket_status,
        DROP COLUMN closed_ticket_id, DROP COLUMN moved_ticket_ids`);
    await queryRunner.query(`DROP INDEX tickets_contact_id_last_message_at_idx`);
    await queryRunner.query(`DROP TABLE delivery_reports`);
    await queryRunner.query(`DROP TABLE outbound_messages`);
  }
}
