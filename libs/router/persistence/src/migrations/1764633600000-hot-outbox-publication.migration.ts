import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay's mark `published_at = now()` was never a HOT update: `outbox_events_unpublished`
 * named `published_at` in its predicate, so every mark wrote a new heap tuple and an entry in each
 * of the table's indexes (issue 16 measured 0 of 1,000 marks HOT with it, 869 without). The queue
 * of unpublished rows moves to `outbox_pending`, a narrow table of ids written in the same statement
 * as the outbox rows and emptied by the relay, so no index of `outbox_events` mentions
 * `published_at` and the mark stays on its page. A fillfactor of 50 leaves room on each page for a
 * second version of every row inserted there: the relay marks a whole pass in one statement,
 * before pruning can reclaim the first versions, and one row per message (the event) is about as
 * large as the free space a higher fillfactor leaves. Rows still unpublished when this runs are
 * queued, so none is lost on upgrade.
 * Frozen once released.
 */
export class HotOutboxPublication1764633600000 implements MigrationInterface {
  readonly name = 'HotOutboxPublication1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_pending (
        id bigint NOT NULL,
        CONSTRAINT outbox_pending_pkey PRIMARY KEY (id)
      )`);
    await queryRunner.query(`INSERT INTO outbox_pending (id) SELECT id FROM outbox_events WHERE published_at IS NULL`);
    await queryRunner.query(`DROP INDEX outbox_events_unpublished`);
    await queryRunner.query(`ALTER TABLE outbox_events SET (fillfactor = 50)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox_events RESET (fillfactor)`);
    await queryRunner.query(`CREATE INDEX outbox_events_unpublished ON outbox_events (id) WHERE published_at IS NULL`);
    await queryRunner.query(`DROP TABLE outbox_pending`);
  }
}
