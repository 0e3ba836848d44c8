import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The quarantined mail's Message-ID, so a row says which mail it is whatever brought it (an SMTP
 * session names only the client). Null for mail without one, and for rows from before.
 */
export class EmailQuarantineMessageId1796500000000 implements MigrationInterface {
  readonly name = 'EmailQuarantineMessageId1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE email_quarantine ADD COLUMN message_id text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE email_quarantine DROP COLUMN message_id`);
  }
}
