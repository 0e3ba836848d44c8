import type { DeliveryStatusV1Message } from '@tributary/contracts';
import type { SqlExecutor } from './sql-executor';

/**
 * Marks the identity a reply went to as unreachable, when its provider said so (blocked bot or page,
 * opted out, deleted account). The recipient is read from the stored reply, never from the report, so
 * a report can only mark the customer its own reply was addressed to. A later mark wins; an older
 * report arriving late leaves a newer mark as it is. True when an identity was marked.
 */
export async function markRecipientUnreachable(sql: SqlExecutor, report: DeliveryStatusV1Message): Promise<boolean> {
  const reason = report.error ? `${report.error.code}: ${report.error.message}`.slice(0, 2048) : 'unreachable';
  const marked = await sql.query<{ id: string }>(
    `UPDATE contact_identities i SET unreachable_since = $2, unreachable_reason = $3
       FROM outbound_messages o
      WHERE o.id = $1 AND i.tenant_id = o.tenant_id AND i.kind = o.payload->'to'->>'kind' AND i.value = o.payload->'to'->>'value'
        AND (i.unreachable_since IS NULL OR i.unreachable_since <= $2)
      RETURNING i.id`,
    [report.outboundId, report.occurredAt, reason],
  );
  return marked.length > 0;
}
