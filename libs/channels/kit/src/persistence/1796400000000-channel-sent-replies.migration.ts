import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sent-replies ledger every channel app keeps in its own database: one row per reply handed to
 * a provider, with the report that went out then, so a redelivered reply is reported again on any
 * replica instead of sent again. Frozen once released.
 */
export class ChannelSentReplies1796400000000 implements MigrationInterface {
  readonly name = 'ChannelSentReplies1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE channel_sent_replies (
        outbound_id uuid NOT NULL,
        channel text NOT NULL,
        provider text NOT NULL,
        provider_message_id text,
        status jsonb,
        sent_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT channel_sent_replies_pkey PRIMARY KEY (outbound_id)
      )`);
    // For pruning by age later: a redelivery comes minutes after the send, not months.
    await queryRunner.query('CREATE INDEX channel_sent_replies_sent_at_idx ON channel_sent_replies (sent_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE channel_sent_replies');
  }
}
