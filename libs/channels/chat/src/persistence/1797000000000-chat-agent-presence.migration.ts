import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Until when a tenant's agents said they are online (the helpdesk's heartbeat), kept in the
 * database so every replica greets visitors the same way.
 */
export class ChatAgentPresence1797000000000 implements MigrationInterface {
  readonly name = 'ChatAgentPresence1797000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE chat_agent_presence (
        tenant_id text NOT NULL,
        online_until timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chat_agent_presence_pkey PRIMARY KEY (tenant_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE chat_agent_presence');
  }
}
