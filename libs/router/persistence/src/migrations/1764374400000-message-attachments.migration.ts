import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments an inbound message announced without their bytes (InboundMessage v1
 * `pendingAttachments`), with the state each reached: `pending` until its AttachmentStatus v1 says
 * `stored` (with the reference) or `failed` (with the reason); `failed` at once when the ingest gave
 * up while receiving it. A row only ever moves from pending to one outcome. An outcome that arrives
 * before its message (the topics are consumed apart) is kept without `message_id` and joins the
 * message when that is stored. Frozen once released.
 */
export class MessageAttachments1764374400000 implements MigrationInterface {
  readonly name = 'MessageAttachments1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE message_attachments (
        tenant_id text NOT NULL,
        attachment_id uuid NOT NULL,
        inbound_message_id uuid NOT NULL,
        message_id uuid NULL,
        position integer NULL,
        name text NULL,
        content_type text NULL,
        state text NOT NULL,
        attachment jsonb NULL,
        error jsonb NULL,
        attempts integer NULL,
        status_id uuid NULL,
        occurred_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT message_attachments_pkey PRIMARY KEY (tenant_id, attachment_id),
        CONSTRAINT message_attachments_state_check CHECK (state IN ('pending', 'stored', 'failed')),
        CONSTRAINT message_attachments_outcome_check CHECK (
          (state <> 'stored' OR attachment IS NOT NULL) AND (state <> 'failed' OR error IS NOT NULL)),
        CONSTRAINT message_attachments_message_id_fkey FOREIGN KEY (message_id) REFERENCES messages (id)
      )`);
    // A ticket's view reads its messages' attachments; the foreign key needs it for deletes too.
    await queryRunner.query('CREATE INDEX message_attachments_message_id_idx ON message_attachments (message_id) WHERE message_id IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE message_attachments');
  }
}
