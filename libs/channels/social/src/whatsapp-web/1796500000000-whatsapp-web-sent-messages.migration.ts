import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The replies sent through whatsapp-web.js sessions, by number and message key id, so whichever
 * replica holds a number maps a reply's acks to DeliveryStatus v1 and knows its own sends from the
 * phone's. In the database, not in memory: a takeover must not forget what the old holder sent.
 * Frozen once released.
 */
export class WhatsappWebSentMessages1796500000000 implements MigrationInterface {
  readonly name = 'WhatsappWebSentMessages1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE whatsapp_web_sent_messages (
        number text NOT NULL,
        key_id text NOT NULL,
        message_id text NOT NULL,
        outbound_id uuid NOT NULL,
        tenant_id text NOT NULL,
        ticket_id uuid NOT NULL,
        trace_id text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT whatsapp_web_sent_messages_pkey PRIMARY KEY (number, key_id)
      )`);
    // For pruning by age later: acks come within days, not months.
    await queryRunner.query('CREATE INDEX whatsapp_web_sent_messages_sent_at_idx ON whatsapp_web_sent_messages (sent_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE whatsapp_web_sent_messages');
  }
}
