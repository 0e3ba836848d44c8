import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * chat-ingest's conversations and their messages, both directions, numbered per conversation so a
 * widget that reconnects (to any replica) is replayed what came after the last number it showed.
 * (conversation, client message id) is unique: a message resent after a dropped socket is stored
 * once; an agent's reply is stored once per outbound id, whichever replica consumed it. Frozen once
 * released.
 */
export class ChatConversations1796800000000 implements MigrationInterface {
  readonly name = 'ChatConversations1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE chat_conversations (
        conversation_id uuid NOT NULL,
        tenant_id text NOT NULL,
        visitor_id text NOT NULL,
        last_seq bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chat_conversations_pkey PRIMARY KEY (conversation_id),
        CONSTRAINT chat_conversations_visitor_key UNIQUE (tenant_id, visitor_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE chat_entries (
        conversation_id uuid NOT NULL REFERENCES chat_conversations (conversation_id) ON DELETE CASCADE,
        seq bigint NOT NULL,
        author text NOT NULL CHECK (author IN ('visitor', 'agent')),
        message_id uuid NOT NULL,
        client_message_id text,
        outbound_id uuid,
        ticket_id uuid,
        trace_id text,
        text text NOT NULL,
        author_name text,
        created_at timestamptz NOT NULL DEFAULT now(),
        handed_off_at timestamptz,
        delivered_at timestamptz,
        read_at timestamptz,
        CONSTRAINT chat_entries_pkey PRIMARY KEY (conversation_id, seq),
        CONSTRAINT chat_entries_client_message_key UNIQUE (conversation_id, client_message_id),
        CONSTRAINT chat_entries_outbound_key UNIQUE (outbound_id),
        CONSTRAINT chat_entries_author_ids CHECK ((author = 'visitor') = (client_message_id IS NOT NULL) AND (author = 'agent') = (outbound_id IS NOT NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE chat_entries');
    await queryRunner.query('DROP TABLE chat_conversations');
  }
}
