import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A ticket's message count and the first message time per channel, kept on the ticket row: every
 * routed message announces them, and counting them from `messages` grew with the ticket's age. A
 * statement trigger on `messages` keeps them, not the router's code, so a router of an older
 * release still running during a rolling upgrade cannot leave them behind. Messages are never moved
 * or deleted (a merge leaves them on their ticket), so inserts are all it follows. The existing
 * tickets are filled by the next migration, in a transaction of its own, so this one holds the
 * tickets table only for an instant. Frozen once released.
 */
export class TicketMessageStats1764800000000 implements MigrationInterface {
  readonly name = 'TicketMessageStats1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tickets
      ADD COLUMN message_count integer NOT NULL DEFAULT 0,
      ADD COLUMN channel_first_at jsonb NOT NULL DEFAULT '{}'::jsonb`);
    // The earlier of the stored and the new first time is taken from t in SET: when the row changed
    // while this waited for its lock, PostgreSQL evaluates SET again on the newest row, so a
    // concurrent earlier message is never overwritten by a later one.
    await queryRunner.query(`CREATE FUNCTION tickets_count_inserted_messages() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tickets t
           SET message_count = t.message_count + added.messages,
               channel_first_at = t.channel_first_at || (
                 SELECT jsonb_object_agg(first.key, to_jsonb(LEAST((first.value #>> '{}')::timestamptz, (t.channel_first_at ->> first.key)::timestamptz)))
                   FROM jsonb_each(added.firsts) first)
          FROM (SELECT ticket_id, sum(messages)::integer AS messages, jsonb_object_agg(channel, first_at) AS firsts
                  FROM (SELECT ticket_id, channel, count(*) AS messages, min(received_at) AS first_at FROM inserted GROUP BY ticket_id, channel) per_channel
                 GROUP BY ticket_id) added
         WHERE t.id = added.ticket_id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER messages_count_on_tickets AFTER INSERT ON messages
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION tickets_count_inserted_messages()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER messages_count_on_tickets ON messages`);
    await queryRunner.query(`DROP FUNCTION tickets_count_inserted_messages()`);
    await queryRunner.query(`ALTER TABLE tickets DROP COLUMN message_count, DROP COLUMN channel_first_at`);
  }
}
