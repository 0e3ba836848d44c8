import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Visitors' uploads: the blob store's reference, owned by the (tenant, visitor) that uploaded it,
 * so a message may reference only its own visitor's uploads. Frozen once released.
 */
export class ChatUploads1796900000000 implements MigrationInterface {
  readonly name = 'ChatUploads1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE chat_uploads (
        attachment_id uuid NOT NULL,
        tenant_id text NOT NULL,
        visitor_id text NOT NULL,
        name text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 text NOT NULL,
        storage_uri text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chat_uploads_pkey PRIMARY KEY (attachment_id)
      )`);
    await queryRunner.query('CREATE INDEX chat_uploads_visitor_idx ON chat_uploads (tenant_id, visitor_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE chat_uploads');
  }
}
