import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from './sql-executor';

export interface OutboxRecord {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly sequence: number;
  readonly topic: string;
  readonly recordKey: string;
  readonly payload: object;
  /** Stable across republishing: the relay sends the stored id, never a new one. */
  readonly eventId?: string;
}

/** Where announcements go: straight into the table, or into a batch's buffer (see OutboxBuffer). */
export interface OutboxSink {
  append(sql: SqlExecutor, record: OutboxRecord): Promise<void>;
}

/** Written in the same transaction as the change it announces, so the event exists iff the change does. */
export async function appendOutbox(sql: SqlExecutor, record: OutboxRecord): Promise<string> {
  const eventId = record.eventId ?? randomUUID();
  await insertOutboxRecords(sql, [{ ...record, eventId }]);
  return eventId;
}

export const DIRECT_OUTBOX: OutboxSink = {
  append: async (sql, record) => {
    await appendOutbox(sql, record);
  },
};

/** The relay LISTENs here; PostgreSQL delivers the notification when the rows commit, never before. */
export const OUTBOX_CHANNEL = 'tributary_outbox';

/**
 * Many rows in one statement: the columns travel as seven arrays, so the statement and its
 * parameter count stay the same whatever the number of rows. Rows get ids in array order. The
 * same statement queues their ids for the relay in outbox_pending (so no index of outbox_events
 * names published_at and the relay's mark stays a HOT update) and wakes the relay (at commit) so
 * events leave without waiting for its next poll.
 */
export async function insertOutboxRecords(sql: SqlExecutor, records: readonly OutboxRecord[]): Promise<void> {
  if (records.length === 0) return;
  await sql.query(
    `WITH inserted AS (
       INSERT INTO outbox_events (event_id, tenant_id, ticket_id, sequence, topic, record_key, payload)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::integer[], $5::text[], $6::text[], $7::jsonb[])
       RETURNING id),
     queued AS (INSERT INTO outbox_pending (id) SELECT id FROM inserted)
     SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM (SELECT count(*) FROM inserted) AS written`,
    [
      records.map((record) => record.eventId ?? randomUUID()),
      records.map((record) => record.tenantId),
      records.map((record) => record.ticketId),
      records.map((record) => record.sequence),
      records.map((record) => record.topic),
      records.map((record) => record.recordKey),
      records.map((record) => JSON.stringify(record.payload)),
    ],
  );
}
