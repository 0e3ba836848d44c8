import type { DeliveryStatusV1Message } from '@tributary/contracts';
import type { DataSource } from 'typeorm';
import { applyEachIsolated, type IsolatedBatchResult } from './isolated-batch.util';
import { advancesDelivery } from './delivery-progress';
import { markRecipientUnreachable } from './identity-reachability.repository';
import { lockOutboundMessage, recordDeliveryReport, setDeliveryState } from './outbound-message.repository';
import type { SqlExecutor } from './sql-executor';
import { announceTicketChange } from './ticket-announcer';
import { deliveryUpdatedEvent } from './ticket-event.factory';
import { bumpTicket } from './ticket.repository';

export type DeliveryOutcome = 'applied' | 'stale' | 'repeat';

export type DeliveryBatchResult = IsolatedBatchResult<DeliveryOutcome>;

/**
 * Applies a batch of delivery reports in one transaction. A report moves its reply's state only
 * forward and then announces `ticket.delivery-updated`; a repeat (same statusId) or a late report
 * (e.g. `sent` after `delivered`) is remembered and changes nothing else. A failure the provider calls
 * the recipient's (blocked, opted out) also marks that identity unreachable, and the event says so.
 */
export function processDeliveryReports(dataSource: DataSource, reports: readonly DeliveryStatusV1Message[]): Promise<DeliveryBatchResult> {
  return applyEachIsolated(dataSource, reports, applyDeliveryReport);
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
  const unreachable = report.error?.recipientUnreachable === true && (report.state === 'failed' || report.state === 'undelivered') && (await markRecipientUnreachable(sql, report));
  const error = report.error && { code: report.error.code, message: report.error.message, ...(unreachable ? { recipientUnreachable: true } : {}) };
  const ticket = await bumpTicket(sql, outbound.ticket_id);
  await announceTicketChange(sql, ticket, (snapshot) =>
    deliveryUpdatedEvent(snapshot, { outboundId: report.outboundId, state: report.state, error, traceId: report.traceId }),
  );
  return 'applied';
}
