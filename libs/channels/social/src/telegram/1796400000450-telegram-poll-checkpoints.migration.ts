import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Long polling's checkpoint: per bot, the last update handed off. The next owner of the bot (after a
 * restart or a takeover) asks getUpdates from the one after it. Frozen once released.
 */
export class TelegramPollCheckpoints1796400000450 implements MigrationInterface {
  readonly name = 'TelegramPollCheckpoints1796400000450';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE telegram_poll_checkpoints (
        bot_id text NOT NULL,
        last_update_id bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT telegram_poll_checkpoints_pkey PRIMARY KEY (bot_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE telegram_poll_checkpoints');
  }
}
