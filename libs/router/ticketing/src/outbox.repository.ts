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

/** Written in the same transaction as the change it announces, so the event exists iff the change does. */
export async function appendOutbox(sql: SqlExecutor, record: OutboxRecord): Promise<string> {
  const eventId = record.eventId ?? randomUUID();
  await sql.query(
    `INSERT INTO outbox_events (event_id, tenant_id, ticket_id, sequence, topic, record_key, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [eventId, record.tenantId, record.ticketId, record.sequence, record.topic, record.recordKey, JSON.stringify(record.payload)],
  );
  return eventId;
}
