import { deliveryHandoffRecord, type DurableHandoff } from '@tributary/channel-kit';
import { stableUuid, type DeliveryState, type DeliveryStatusV1Message } from '@tributary/contracts';
import type { ChatEntriesPort, DeliveryCandidate } from '../persistence/chat-entries.port';

/**
 * DeliveryStatus v1 for agents' replies as the widget reports them: `delivered` when it acks an
 * event, `read` when its read watermark passes one (with `delivered` first if no ack came). Each
 * report is handed off before the reply is marked, so a crash in between repeats a report (same
 * stable status id, dropped by consumers) and never loses one.
 */
export class ChatDeliveryReports {
  constructor(
    private readonly entries: ChatEntriesPort,
    private readonly handoff: Pick<DurableHandoff, 'handOff'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async delivered(tenantId: string, conversationId: string, seq: number): Promise<void> {
    const candidates = await this.entries.undelivered(conversationId, seq);
    if (candidates.length === 0) return;
    await this.report(tenantId, candidates, 'delivered');
    await this.entries.markDelivered(conversationId, candidates.map((candidate) => candidate.entry.seq));
  }

  async read(tenantId: string, conversationId: string, upToSeq: number): Promise<void> {
    const candidates = await this.entries.unread(conversationId, upToSeq);
    if (candidates.length === 0) return;
    await this.report(tenantId, candidates.filter((candidate) => !candidate.delivered), 'delivered');
    await this.report(tenantId, candidates, 'read');
    await this.entries.markRead(conversationId, candidates.map((candidate) => candidate.entry.seq));
  }

  private async report(tenantId: string, candidates: readonly DeliveryCandidate[], state: DeliveryState): Promise<void> {
    for (const candidate of candidates) {
      await this.handoff.handOff(deliveryHandoffRecord(this.status(tenantId, candidate, state)));
    }
  }

  private status(tenantId: string, candidate: DeliveryCandidate, state: DeliveryState): DeliveryStatusV1Message {
    const outboundId = candidate.entry.outboundId ?? candidate.entry.messageId;
    return {
      schemaVersion: 1,
      statusId: stableUuid(outboundId, state),
      outboundId,
      tenantId,
      ticketId: candidate.ticketId,
      channel: 'chat',
      provider: 'chat',
      providerMessageId: outboundId,
      state,
      occurredAt: this.now().toISOString(),
      traceId: candidate.traceId,
    };
  }
}
