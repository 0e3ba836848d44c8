import { DeliveryStatusV1Schema, stableUuid, type DeliveryStatusV1Message, type OutboundMessageV1Message } from '@tributary/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { SendOnceResult, SentRepliesPort } from '../outbound/sent-replies.port';

interface SentReplyRow {
  readonly channel: string;
  readonly provider: string;
  readonly provider_message_id: string | null;
  readonly status: unknown;
  readonly sent_at: Date;
}

/**
 * The sent-replies ledger in PostgreSQL. A reply is sent under a transaction-scoped advisory lock on
 * its id, so two replicas handed the same reply at once (a rebalance mid-send) take turns: the
 * second finds the first's row and repeats its report. A crash between the provider's answer and
 * the commit leaves no row, and the reply is sent again on redelivery: at least once, never lost.
 */
export class SentRepliesRepository implements SentRepliesPort {
  constructor(private readonly dataSource: DataSource) {}

  sendOnce(outbound: OutboundMessageV1Message, send: () => Promise<DeliveryStatusV1Message>): Promise<SendOnceResult> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`tributary:sent-reply:${outbound.outboundId}`]);
      const earlier = await this.find(manager, outbound.outboundId);
      if (earlier) return { status: reportAgain(outbound, earlier), sentNow: false };
      const status = await send();
      // A failed send is not remembered: a redelivery tries again, as a retry should.
      if (status.state !== 'failed') {
        await manager.query(
          `INSERT INTO channel_sent_replies (outbound_id, channel, provider, provider_message_id, status) VALUES ($1, $2, $3, $4, $5)`,
          [outbound.outboundId, status.channel, status.provider, status.providerMessageId ?? null, JSON.stringify(status)],
        );
      }
      return { status, sentNow: true };
    });
  }

  private async find(manager: EntityManager, outboundId: string): Promise<SentReplyRow | undefined> {
    const rows = await manager.query<SentReplyRow[]>(
      'SELECT channel, provider, provider_message_id, status, sent_at FROM channel_sent_replies WHERE outbound_id = $1',
      [outboundId],
    );
    return rows[0];
  }
}

/**
 * The report that went out with the first send. Rows carried over from a channel's older ledger
 * have no stored report: they were sent, so they are reported as sent, under the id a first send
 * used (`stableUuid(outboundId, 'sent')`), which consumers already drop as a repeat.
 */
function reportAgain(outbound: OutboundMessageV1Message, row: SentReplyRow): DeliveryStatusV1Message {
  const stored = DeliveryStatusV1Schema.safeParse(row.status);
  if (stored.success) return stored.data;
  return DeliveryStatusV1Schema.parse({
    schemaVersion: 1,
    statusId: stableUuid(outbound.outboundId, 'sent'),
    outboundId: outbound.outboundId,
    tenantId: outbound.tenantId,
    ticketId: outbound.ticketId,
    channel: outbound.channel,
    provider: row.provider,
    ...(row.provider_message_id ? { providerMessageId: row.provider_message_id } : {}),
    state: 'sent',
    occurredAt: row.sent_at.toISOString(),
    traceId: outbound.traceId,
  });
}
