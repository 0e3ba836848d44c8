import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * email-ingest's own tables (its own database, next to nothing of the router's): where each IMAP
 * mailbox was read up to, the mail kept in quarantine, machine-sent Message-IDs that automatic
 * replies must not answer, and replies already sent so a redelivered request is not sent twice.
 * Frozen once released.
 */
export class EmailIngestSchema1764300000000 implements MigrationInterface {
  readonly name = 'EmailIngestSchema1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE email_mailbox_checkpoints (
        mailbox_key text NOT NULL,
        uid_validity bigint NOT NULL,
        last_uid bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT email_mailbox_checkpoints_pkey PRIMARY KEY (mailbox_key)
      )`);
    await queryRunner.query(`
      CREATE TABLE email_quarantine (
        id bigserial NOT NULL,
        tenant_id text NOT NULL,
        inbox text NOT NULL,
        source text NOT NULL,
        code text NOT NULL,
        reason text NOT NULL,
        storage_uri text NOT NULL,
        size_bytes bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT email_quarantine_pkey PRIMARY KEY (id)
      )`);
    await queryRunner.query(`
      CREATE TABLE email_auto_submitted (
        tenant_id text NOT NULL,
        message_id text NOT NULL,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT email_auto_submitted_pkey PRIMARY KEY (tenant_id, message_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE email_sent_replies (
        outbound_id uuid NOT NULL,
        message_id text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT email_sent_replies_pkey PRIMARY KEY (outbound_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['email_sent_replies', 'email_auto_submitted', 'email_quarantine', 'email_mailbox_checkpoints']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
