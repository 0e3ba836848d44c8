import { Injectable } from '@nestjs/common';
import { TOPICS } from '@tributary/contracts';
import { DatabaseRuntime } from '@tributary/platform-database';
import {
  announceTicketChange,
  appendOutbox,
  bumpTicket,
  mergeTicketInto,
  recordOutboundMessage,
  replyQueuedEvent,
  statusChangedEvent,
  transactionExecutor,
  type TicketRow,
} from '@tributary/router-ticketing';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import { toIdentityView } from './contact-views';
import { contactIdentityRows } from './contacts.repository';
import {
  findTicket,
  latestInboundMessage,
  listTickets,
  setTicketStatus,
  ticketAttachments,
  ticketMessages,
  ticketReplies,
  type TicketListFilter,
} from './queue.repository';
import { buildReply, type ReplyRequest } from './reply-builder';
import { assertOutboundRecordFits } from './outbound-record-size.util';
import { assertReplyFitsChannel } from './reply-length.util';
import type { ReplyQueuedResponse, ResponseOf, StatusChangeResponse, TicketMergeResponse } from './queue-responses.schema';
import { toTicketDetail, toTicketSummary, type TicketDetail, type TicketPage } from './ticket-views';

/** The helpdesk's view of the queue: reads tickets and queues agents' replies, always within one tenant. */
@Injectable()
export class QueueService {
  constructor(private readonly database: DatabaseRuntime) {}

  async list(tenantId: string, filter: TicketListFilter): Promise<TicketPage> {
    const rows = await this.database.dataSource.transaction((manager) => listTickets(transactionExecutor(manager), tenantId, filter));
    const last = rows.length === filter.limit ? rows.at(-1) : undefined;
    return {
      tickets: rows.map(toTicketSummary),
      nextCursor: last ? Buffer.from(JSON.stringify([last.updated_at_exact, last.id])).toString('base64url') : null,
    };
  }

  async get(tenantId: string, ticketId: string): Promise<TicketDetail> {
    return this.database.dataSource.transaction(async (manager) => {
      const sql = transactionExecutor(manager);
      const ticket = await findTicket(sql, tenantId, ticketId);
      if (!ticket) throw new QueueApiError(QueueApiErrorCode.TicketNotFound, `no ticket ${ticketId}`);
      return toTicketDetail(
        ticket,
        await ticketMessages(sql, ticket.id),
        (await contactIdentityRows(sql, ticket.contact_id)).map(toIdentityView),
        await ticketReplies(sql, ticket.id),
        await ticketAttachments(sql, ticket.id),
      );
    });
  }

  /** Queues the reply for the channel's ingest (via the outbox) and announces it on the ticket. */
  async reply(tenantId: string, ticketId: string, request: ReplyRequest): Promise<ResponseOf<typeof ReplyQueuedResponse>> {
    return this.database.dataSource.transaction(async (manager) => {
      const sql = transactionExecutor(manager);
      const ticket = await findTicket(sql, tenantId, ticketId, true);
      if (!ticket) throw new QueueApiError(QueueApiErrorCode.TicketNotFound, `no ticket ${ticketId}`);
      const answered = await latestInboundMessage(sql, ticket.id, request.channel);
      if (!answered) {
        throw new QueueApiError(QueueApiErrorCode.NoReplyChannel, `ticket ${ticketId} has no customer message${request.channel ? ` on ${request.channel}` : ''} to answer`);
      }
      const outbound = buildReply({ id: ticket.id, tenantId, token: ticket.token }, answered.payload, request, new Date());
      // Measured on the channel the reply goes out on, known only now (a call is answered by SMS).
      assertReplyFitsChannel(outbound.channel, outbound.text);
      assertOutboundRecordFits(outbound);
      const advanced = await bumpTicket(sql, ticket.id);
      await recordOutboundMessage(sql, outbound);
      await appendOutbox(sql, { tenantId, ticketId: ticket.id, sequence: advanced.sequence, topic: TOPICS.outbound, recordKey: ticket.id, payload: outbound });
      await announceTicketChange(sql, advanced, (snapshot) =>
        replyQueuedEvent(snapshot, { outboundId: outbound.outboundId, channel: outbound.channel, authorId: request.authorId, traceId: outbound.traceId }),
      );
      return { outboundId: outbound.outboundId, channel: outbound.channel };
    });
  }

  /** Sets the status (solved, closed, back to open…) and announces it; unchanged status is a no-op. */
  async changeStatus(tenantId: string, ticketId: string, change: { status: TicketRow['status']; changedBy: string }): Promise<ResponseOf<typeof StatusChangeResponse>> {
    return this.database.dataSource.transaction(async (manager) => {
      const sql = transactionExecutor(manager);
      const ticket = await findTicket(sql, tenantId, ticketId, true);
      if (!ticket) throw new QueueApiError(QueueApiErrorCode.TicketNotFound, `no ticket ${ticketId}`);
      if (ticket.status === change.status) return { status: ticket.status, sequence: ticket.sequence };
      const updated = await setTicketStatus(sql, ticket.id, change.status).catch((error: unknown) => {
        // Reopening while the contact already has another open ticket: the one-open-ticket index says no.
        if ((error as { code?: unknown }).code === '23505') {
          throw new QueueApiError(QueueApiErrorCode.Conflict, 'the contact already has another open ticket; merge them instead');
        }
        throw error;
      });
      await announceTicketChange(sql, updated, (snapshot) => statusChangedEvent(snapshot, ticket.status, change.changedBy));
      return { status: updated.status, sequence: updated.sequence };
    });
  }

  /** Folds one ticket into another of the same tenant; the folded one is closed and both announce it. */
  async merge(tenantId: string, ticketId: string, request: { intoTicketId: string; mergedBy: string }): Promise<ResponseOf<typeof TicketMergeResponse>> {
    if (ticketId === request.intoTicketId) throw new QueueApiError(QueueApiErrorCode.InvalidRequest, 'a ticket cannot be merged into itself');
    return this.database.dataSource.transaction(async (manager) => {
      const sql = transactionExecutor(manager);
      // Lock both in id order so two opposite merges can't deadlock.
      const [first, second] = [ticketId, request.intoTicketId].sort();
      const locked = [await findTicket(sql, tenantId, first ?? '', true), await findTicket(sql, tenantId, second ?? '', true)];
      const source = locked.find((ticket) => ticket?.id === ticketId);
      const target = locked.find((ticket) => ticket?.id === request.intoTicketId);
      if (!source) throw new QueueApiError(QueueApiErrorCode.TicketNotFound, `no ticket ${ticketId}`);
      if (!target) throw new QueueApiError(QueueApiErrorCode.TicketNotFound, `no ticket ${request.intoTicketId}`);
      if (source.merged_into_id || target.merged_into_id) {
        throw new QueueApiError(QueueApiErrorCode.Conflict, 'one of the tickets was already merged into another');
      }
      const survivor = await mergeTicketInto(sql, source.id, target.id, request.mergedBy);
      return { ticketId: survivor.id, sequence: survivor.sequence };
    });
  }
}
