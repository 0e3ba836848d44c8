import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ticket's view folds in the tickets merged into it (their messages and replies stay on them, so a
 * merge can be undone), found by merged_into_id on every ticket read: indexed, and only the few
 * merged tickets are in the index. Frozen once released.
 */
export class MergedTicketsIndex1764700000000 implements MigrationInterface {
  readonly name = 'MergedTicketsIndex1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX tickets_merged_into ON tickets (merged_into_id) WHERE merged_into_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX tickets_merged_into`);
  }
}
