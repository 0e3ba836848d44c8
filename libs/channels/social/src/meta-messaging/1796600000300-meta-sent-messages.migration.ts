import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The messages Tributary sent through Meta's Send API (Messenger and Instagram), by account and
 * Meta's message id, with when they were sent and how far they have been reported. Meta's delivery
 * and read webhooks are watermarks over time, so they can only be mapped to replies through this.
 * Frozen once released.
 */
export class MetaSentMessages1796600000300 implements MigrationInterface {
  readonly name = 'MetaSentMessages1796600000300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE meta_sent_messages (
        account_id text NOT NULL,
        message_id text NOT NULL,
        recipient_id text NOT NULL,
        channel text NOT NULL,
        outbound_id uuid NOT NULL,
        tenant_id text NOT NULL,
        ticket_id uuid NOT NULL,
        trace_id text NOT NULL,
        sent_at timestamptz NOT NULL,
        reported_state text NULL CHECK (reported_state IN ('delivered', 'read')),
        CONSTRAINT meta_sent_messages_pkey PRIMARY KEY (account_id, message_id)
      )`);
    // A watermark asks for one conversation's messages up to a time.
    await queryRunner.query('CREATE INDEX meta_sent_messages_conversation_idx ON meta_sent_messages (account_id, recipient_id, sent_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE meta_sent_messages');
  }
}
