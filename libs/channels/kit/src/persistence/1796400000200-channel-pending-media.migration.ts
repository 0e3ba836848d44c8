import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provider media whose first fetch failed in a way a later attempt may cure (a timeout, a host
 * that did not answer, a 5xx), waiting in the channel app's own database for its next attempt, so
 * neither a restart nor another replica forgets it. A row is written before the message announcing
 * the attachment as pending is handed off, and deleted once Kafka acknowledged its outcome
 * (`outcome` holds an outcome decided but not yet acknowledged). `claimed_by`/`claimed_until` is a
 * lease on the database's clock: one replica works on a row at a time, and one that dies holding it
 * lets go when the lease runs out. Frozen once released.
 */
export class ChannelPendingMedia1796400000200 implements MigrationInterface {
  readonly name = 'ChannelPendingMedia1796400000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE channel_pending_media (
        attachment_id uuid NOT NULL,
        message_id uuid NOT NULL,
        tenant_id text NOT NULL,
        channel text NOT NULL,
        provider text NOT NULL,
        url text NOT NULL,
        name text NOT NULL,
        content_type text,
        trace_id text NOT NULL,
        attempts integer NOT NULL,
        last_error jsonb NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        outcome jsonb,
        claimed_by text,
        claimed_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT channel_pending_media_pkey PRIMARY KEY (attachment_id),
        CONSTRAINT channel_pending_media_attempts_check CHECK (attempts >= 1),
        CONSTRAINT channel_pending_media_claim_check CHECK ((claimed_by IS NULL) = (claimed_until IS NULL))
      )`);
    // What every replica's worker asks on each poll: the rows due next.
    await queryRunner.query('CREATE INDEX channel_pending_media_due_idx ON channel_pending_media (next_attempt_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE channel_pending_media');
  }
}
