import type { DeliveryStatusV1Message } from '@tributary/contracts';
import type { DataSource } from 'typeorm';
import type { RejectedMessage } from './inbound-batch.processor';
import { advancesDelivery } from './delivery-progress';
import { lockOutboundMessage, recordDeliveryReport, setDeliveryState } from './outbound-message.repository';
import type { SqlExecutor } from './sql-executor';
import { announceTicketChange } from './ticket-announcer';
import { deliveryUpdatedEvent } from './ticket-event.factory';
import { bumpTicket } from './ticket.repository';
import { transactionExecutor } from './transaction-executor.util';
import { isTransientDatabaseError } from './transient-error.util';

export type DeliveryOutcome = 'applied' | 'stale' | 'repeat';

export interface DeliveryBatchResult {
  /** Per report, in order; null for rejected ones. */
  readonly outcomes: readonly (DeliveryOutcome | null)[];
  /** Reports about replies the router never queued (or for another ticket): for the dead-letter topic. */
  readonly rejected: readonly RejectedMessage[];
}

/**
 * Applies a batch of delivery reports in one transaction. A report moves its reply's state only
 * forward and then announces `ticket.delivery-updated`; a repeat (same statusId) or a late report
 * (e.g. `sent` after `delivered`) is remembered and changes nothing else.
 */
export function processDeliveryReports(dataSource: DataSource, reports: readonly DeliveryStatusV1Message[]): Promise<DeliveryBatchResult> {
  return dataSource.transaction(async (manager) => {
    const sql = transactionExecutor(manager);
    const outcomes: (DeliveryOutcome | null)[] = [];
    const rejected: RejectedMessage[] = [];
    for (const [index, report] of reports.entries()) {
      const outcome = await applyIsolated(sql, report);
      if (typeof outcome === 'string') {
        outcomes.push(outcome);
      } else {
        outcomes.push(null);
        rejected.push({ index, reason: outcome.reason });
      }
    }
    return { outcomes, rejected };
  });
}

/** A report PostgreSQL refuses (say, a NUL in the provider's error text) is dead-lettered alone instead of blocking its partition. */
async function applyIsolated(sql: SqlExecutor, report: DeliveryStatusV1Message): Promise<DeliveryOutcome | { reason: string }> {
  await sql.query('SAVEPOINT delivery_report');
  try {
    const outcome = await applyDeliveryReport(sql, report);
    await sql.query('RELEASE SAVEPOINT delivery_report');
    return outcome;
  } catch (error) {
    if (isTransientDatabaseError(error)) throw error;
    await sql.query('ROLLBACK TO SAVEPOINT delivery_report');
    return { reason: error instanceof Error ? error.message : String(error) };
  }
}

export async function applyDeliveryReport(sql: SqlExecutor, report: DeliveryStatusV1Message): Promise<DeliveryOutcome | { reason: string }> {
  const outbound = await lockOutboundMessage(sql, report.outboundId);
  if (!outbound) return { reason: `unknown outbound message ${report.outboundId}` };
  if (outbound.tenant_id !== report.tenantId || outbound.ticket_id !== report.ticketId) {
    return { reason: `outbound message ${report.outboundId} belongs to another ticket than ${report.tenantId}/${report.ticketId}` };
  }
  const current = outbound.delivery_state && outbound.delivery_occurred_at ? { state: outbound.delivery_state, occurredAt: outbound.delivery_occurred_at } : null;
  const advances = advancesDelivery(current, { state: report.state, occurredAt: new Date(report.occurredAt) });
  if (!(await recordDeliveryReport(sql, report, advances))) return 'repeat';
  if (!advances) return 'stale';
  await setDeliveryState(sql, report);
  const ticket = await bumpTicket(sql, outbound.ticket_id);
  await announceTicketChange(sql, ticket, (snapshot) =>
    deliveryUpdatedEvent(snapshot, { outboundId: report.outboundId, state: report.state, error: report.error, traceId: report.traceId }),
  );
  return 'applied';
}
