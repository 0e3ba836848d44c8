import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Email's own sent-replies table gives way to the channel kit's ledger (created just before this by
 * the kit's migration): the rows move over, so a reply sent before the upgrade and redelivered after
 * it is still reported again rather than mailed twice. Frozen once released.
 */
export class EmailSentRepliesToKit1796400000001 implements MigrationInterface {
  readonly name = 'EmailSentRepliesToKit1796400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO channel_sent_replies (outbound_id, channel, provider, provider_message_id, status, sent_at)
      SELECT outbound_id, 'email', 'smtp', message_id, NULL, sent_at FROM email_sent_replies
      ON CONFLICT (outbound_id) DO NOTHING`);
    await queryRunner.query('DROP TABLE email_sent_replies');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE email_sent_replies (
        outbound_id uuid NOT NULL,
        message_id text NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT email_sent_replies_pkey PRIMARY KEY (outbound_id)
      )`);
    await queryRunner.query(`
      INSERT INTO email_sent_replies (outbound_id, message_id, sent_at)
      SELECT outbound_id, provider_message_id, sent_at FROM channel_sent_replies WHERE channel = 'email' AND provider_message_id IS NOT NULL`);
  }
}
