import type { Channel } from '@tributary/contracts';
import { byFirstUse } from '../ticket-channels.util';
import type { TicketRow } from '../ticket.repository';

/** A ticket as the set-based batch sees it: the row, the fields placement asks about, and its message stats. */
export interface BatchTicket extends TicketRow {
  conversation_key: string | null;
  merged_into_id: string | null;
  closed_at: Date | null;
  /** Channels with messages on the ticket and the first message's time on each, first-used first. */
  channel_firsts: { channel: Channel; at: Date }[];
  message_count: number;
}

/** A message the batch already holds (stored before, or placed earlier in this batch) that later rules may find. */
export interface KnownMessage {
  readonly id: string;
  readonly tenantId: string;
  readonly ticketId: string;
  readonly contactId: string;
  readonly channel: string;
  readonly fingerprint: string | null;
  readonly emailMessageId: string | null;
  readonly receivedAt: Date;
  readonly isDuplicate: boolean;
}

export function isOpen(ticket: Pick<TicketRow, 'status'>): boolean {
  return ticket.status === 'open' || ticket.status === 'pending';
}

/** The ticket's channels after a message on `channel` at `at`: ordered by first use, as channelFirsts orders them. */
export function withChannel(firsts: BatchTicket['channel_firsts'], channel: Channel, at: Date): BatchTicket['channel_firsts'] {
  const known = firsts.find((first) => first.channel === channel);
  if (known && known.at <= at) return firsts;
  return [...firsts.filter((first) => first.channel !== channel), { channel, at }].sort(byFirstUse);
}
