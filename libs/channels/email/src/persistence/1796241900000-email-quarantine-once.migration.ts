import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One quarantine row per mail and inbox. A hand-off that is retried (Kafka did not acknowledge the
 * batch, an MTA resent after 451, an IMAP batch re-read) normalizes the same bytes again; blobs
 * are content-addressed, so the same mail has the same storage URI and the key catches the repeat.
 * Repeats already recorded are exact duplicates of the same mail: the oldest row is kept.
 */
export class EmailQuarantineOnce1796241900000 implements MigrationInterface {
  readonly name = 'EmailQuarantineOnce1796241900000';

  /** Only plain statements are run, so a test can hand in a recorder instead of a database. */
  async up(queryRunner: { query(sql: string): Promise<unknown> }): Promise<void> {
    // A running email-ingest could insert a repeat between the DELETE and the ALTER, and the ALTER
    // would then fail on it. SHARE ROW EXCLUSIVE holds off writers (and itself) but not readers,
    // until the migration's transaction (migrate.main runs each in one) commits.
    await queryRunner.query(`LOCK TABLE email_quarantine IN SHARE ROW EXCLUSIVE MODE`);
    await queryRunner.query(`
      DELETE FROM email_quarantine later USING email_quarantine earlier
      WHERE later.tenant_id = earlier.tenant_id AND later.inbox = earlier.inbox AND later.storage_uri = earlier.storage_uri AND later.id > earlier.id`);
    await queryRunner.query(`ALTER TABLE email_quarantine ADD CONSTRAINT email_quarantine_mail_key UNIQUE (tenant_id, inbox, storage_uri)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE email_quarantine DROP CONSTRAINT email_quarantine_mail_key`);
  }
}
