import type { InboundMessageV1Message } from '@tributary/contracts';
import { textFingerprint, threadAncestors, tokenFromSubject } from '@tributary/router-domain';
import { findRecentRepeat, findTicketByEmailAncestors, type StoredRule } from './message.repository';
import type { SqlExecutor } from './sql-executor';
import type { TenantPolicy } from './tenant.repository';
import {
  findOpenTicketOfContact,
  findReopenableTicket,
  findTicketByToken,
  openConversationTicket,
  openTicket,
  resolveThreadTarget,
} from './ticket.repository';

export interface Placement {
  readonly ticketId: string;
  readonly rule: StoredRule;
  readonly created: boolean;
  readonly reopen: boolean;
  readonly duplicateOfId: string | null;
  readonly fingerprint: string | null;
}

const HOUR_MS = 3_600_000;

/**
 * Which ticket a new message joins, by the rules of DESIGN.md in order: an email reply finds its
 * thread, then a ticket token in the subject, then a repeat of the same words on another channel,
 * then (for tenants who want it) the open ticket of the same channel conversation, then the
 * contact's open ticket, then a recently solved one (reopened), else a new ticket.
 */
function threadPlacement(target: { id: string; reopen: boolean }, rule: StoredRule): [string, StoredRule, Partial<Placement>] {
  return [target.id, rule, { reopen: target.reopen }];
}

export async function placeMessage(sql: SqlExecutor, tenant: TenantPolicy, contactId: string, message: InboundMessageV1Message): Promise<Placement> {
  const received = new Date(message.receivedAt);
  const fingerprint = textFingerprint(message.text);
  const placed = (ticketId: string, rule: StoredRule, extra: Partial<Placement> = {}): Placement => ({
    ticketId,
    rule,
    created: false,
    reopen: false,
    duplicateOfId: null,
    fingerprint,
    ...extra,
  });

  if (message.channel === 'email') {
    const threaded = await findTicketByEmailAncestors(sql, tenant.id, threadAncestors(message));
    if (threaded) return placed(...threadPlacement(await resolveThreadTarget(sql, threaded), 'email-thread'));
  }
  const token = tokenFromSubject(message.subject);
  const byToken = token ? await findTicketByToken(sql, tenant.id, token) : null;
  if (byToken) return placed(...threadPlacement(await resolveThreadTarget(sql, byToken), 'subject-token'));

  if (fingerprint) {
    const since = new Date(received.getTime() - tenant.repeatWindowMinutes * 60_000);
    const repeat = await findRecentRepeat(sql, { tenantId: tenant.id, contactId, fingerprint, channel: message.channel, since });
    if (repeat) return placed(repeat.ticketId, 'cross-channel-repeat', { duplicateOfId: repeat.id });
  }

  // Per-tenant alternative: one ticket per channel conversation (a Telegram chat, a chat session).
  if (tenant.threadingPolicy === 'conversation' && message.thread.conversationId) {
    const conversationKey = `${message.channel}:${message.inbox.address}:${message.thread.conversationId}`;
    const ticket = await openConversationTicket(sql, { tenantId: tenant.id, contactId, conversationKey, channel: message.channel, subject: message.subject, at: received });
    return placed(ticket.id, ticket.created ? 'new-ticket' : 'channel-conversation', { created: ticket.created });
  }

  const open = await findOpenTicketOfContact(sql, tenant.id, contactId);
  if (open) return placed(open, 'open-ticket-of-contact');

  const reopenable = await findReopenableTicket(sql, tenant.id, contactId, new Date(received.getTime() - tenant.reopenWindowHours * HOUR_MS));
  if (reopenable) return placed(reopenable, 'reopened', { reopen: true });

  const ticket = await openTicket(sql, { tenantId: tenant.id, contactId, channel: message.channel, subject: message.subject, at: received });
  return placed(ticket.id, ticket.created ? 'new-ticket' : 'open-ticket-of-contact', { created: ticket.created });
}
