import type { DeliveryState, DeliveryStatusV1Message, OutboundMessageV1Message } from '@tributary/contracts';
import type { SqlExecutor } from './sql-executor';

export interface OutboundMessageRow {
  id: string;
  tenant_id: string;
  ticket_id: string;
  delivery_state: DeliveryState | null;
  delivery_occurred_at: Date | null;
}

/** One row per reply, written with its outbox record, so delivery reports have something to update. */
export async function recordOutboundMessage(sql: SqlExecutor, outbound: OutboundMessageV1Message): Promise<void> {
  await sql.query(
    `INSERT INTO outbound_messages (id, tenant_id, ticket_id, channel, author_id, payload, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [outbound.outboundId, outbound.tenantId, outbound.ticketId, outbound.channel, outbound.author.id, JSON.stringify(outbound), outbound.requestedAt],
  );
}

/** The reply, locked until the transaction ends so reports for it are applied one at a time. */
export async function lockOutboundMessage(sql: SqlExecutor, outboundId: string): Promise<OutboundMessageRow | null> {
  const [row] = await sql.query<OutboundMessageRow>(
    'SELECT id, tenant_id, ticket_id, delivery_state, delivery_occurred_at FROM outbound_messages WHERE id = $1 FOR UPDATE',
    [outboundId],
  );
  return row ?? null;
}

/** Remembers the report by its reply and statusId; false when it was seen before (a redelivery). */
export async function recordDeliveryReport(sql: SqlExecutor, report: DeliveryStatusV1Message, applied: boolean): Promise<boolean> {
  const inserted = await sql.query<{ status_id: string }>(
    `INSERT INTO delivery_reports (status_id, outbound_id, state, occurred_at, applied) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (outbound_id, status_id) DO NOTHING RETURNING status_id`,
    [report.statusId, report.outboundId, report.state, report.occurredAt, applied],
  );
  return inserted.length > 0;
}

export async function setDeliveryState(sql: SqlExecutor, report: DeliveryStatusV1Message): Promise<void> {
  await sql.query(
    `UPDATE outbound_messages SET delivery_state = $2, delivery_error = $3, delivery_occurred_at = $4,
            provider_message_id = COALESCE($5, provider_message_id)
      WHERE id = $1`,
    [report.outboundId, report.state, report.error ? JSON.stringify(report.error) : null, report.occurredAt, report.providerMessageId ?? null],
  );
}
