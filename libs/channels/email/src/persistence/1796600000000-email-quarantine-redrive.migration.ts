import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an operator did with a quarantined mail: when it was last re-driven, how often, and what
 * came of it (handed to Kafka, or quarantined again and why). The row itself stays: it is where the
 * raw mail's location and the original reason are kept.
 */
export class EmailQuarantineRedrive1796600000000 implements MigrationInterface {
  readonly name = 'EmailQuarantineRedrive1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE email_quarantine
        ADD COLUMN redriven_at timestamptz,
        ADD COLUMN redrive_count integer NOT NULL DEFAULT 0,
        ADD COLUMN redrive_outcome text`);
    // The operator's list reads the newest quarantines first.
    await queryRunner.query(`CREATE INDEX email_quarantine_created_at_idx ON email_quarantine (created_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX email_quarantine_created_at_idx`);
    await queryRunner.query(`ALTER TABLE email_quarantine DROP COLUMN redrive_outcome, DROP COLUMN redrive_count, DROP COLUMN redriven_at`);
  }
}
