import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Replies handed to a replica that does not hold their number, waiting for the holder to send them.
 * Rows stay once handled (`handled_at`, `outcome`), so a reply redelivered after it was sent is not
 * stored, and sent, again. Frozen once released.
 */
export class WhatsappWebPendingReplies1796500000100 implements MigrationInterface {
  readonly name = 'WhatsappWebPendingReplies1796500000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE whatsapp_web_pending_replies (
        outbound_id uuid NOT NULL,
        tenant_id text NOT NULL,
        ticket_id uuid NOT NULL,
        trace_id text NOT NULL,
        number text NOT NULL,
        recipient text NOT NULL,
        text text NOT NULL,
        quoted_message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        handled_at timestamptz,
        outcome text,
        CONSTRAINT whatsapp_web_pending_replies_pkey PRIMARY KEY (outbound_id),
        CONSTRAINT whatsapp_web_pending_replies_outcome_check CHECK (outcome IS NULL OR outcome IN ('sent', 'failed'))
      )`);
    // What a holder polls for: its number's replies still waiting, oldest first.
    await queryRunner.query(
      'CREATE INDEX whatsapp_web_pending_replies_waiting_idx ON whatsapp_web_pending_replies (number, created_at) WHERE handled_at IS NULL',
    );
    // For pruning handled rows by age later.
    await queryRunner.query('CREATE INDEX whatsapp_web_pending_replies_created_at_idx ON whatsapp_web_pending_replies (created_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE whatsapp_web_pending_replies');
  }
}
