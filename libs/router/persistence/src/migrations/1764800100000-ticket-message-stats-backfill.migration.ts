import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fills the message stats of the tickets that existed before the trigger of the previous migration.
 * Writers of tickets wait while it runs (SHARE ROW EXCLUSIVE: readers, the queue API's among them,
 * do not): a message inserted meanwhile is either committed and counted here, or waits in its
 * trigger and adds itself on top afterwards, so none is counted twice or lost. Frozen once released.
 */
export class TicketMessageStatsBackfill1764800100000 implements MigrationInterface {
  readonly name = 'TicketMessageStatsBackfill1764800100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('LOCK TABLE tickets IN SHARE ROW EXCLUSIVE MODE');
    await queryRunner.query(`UPDATE tickets t SET message_count = stats.messages, channel_first_at = stats.firsts
      FROM (SELECT ticket_id, sum(messages)::integer AS messages, jsonb_object_agg(channel, first_at) AS firsts
              FROM (SELECT ticket_id, channel, count(*) AS messages, min(received_at) AS first_at FROM messages GROUP BY ticket_id, channel) per_channel
             GROUP BY ticket_id) stats
     WHERE t.id = stats.ticket_id`);
  }

  async down(): Promise<void> {
    // Nothing to undo: the columns go with the previous migration's down.
  }
}
