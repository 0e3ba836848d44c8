import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An identity the provider says cannot be reached (the customer blocked the bot or the page, opted
 * out of SMS, deleted the account) is marked with when and why, so agents see it on the ticket instead
 * of replying into a wall. The mark is not cleared by a write: the queue API reads it as lifted once
 * the customer writes through that identity again, which keeps the inbound path free of it.
 * Nullable columns without a default: adding them rewrites nothing. Frozen once released.
 */
export class UnreachableIdentities1764547200000 implements MigrationInterface {
  readonly name = 'UnreachableIdentities1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE contact_identities ADD COLUMN unreachable_since timestamptz NULL, ADD COLUMN unreachable_reason text NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE contact_identities DROP COLUMN unreachable_reason, DROP COLUMN unreachable_since`);
  }
}
