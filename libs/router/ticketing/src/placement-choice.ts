import type { InboundMessageV1Message } from '@tributary/contracts';
import type { PlacementFacts } from './placement-facts.repository';
import { conversationKeyOf } from './placement-question';
import type { TenantPolicy } from './tenant.repository';

export type PlacementChoice =
  | { readonly kind: 'thread'; readonly ticketId: string; readonly rule: 'email-thread' | 'subject-token' }
  | { readonly kind: 'repeat'; readonly ticketId: string; readonly duplicateOfId: string }
  | { readonly kind: 'conversation'; readonly conversationKey: string }
  | { readonly kind: 'open'; readonly ticketId: string }
  | { readonly kind: 'reopen'; readonly ticketId: string }
  | { readonly kind: 'new' };

/**
 * Which ticket a new message joins, by the rules of DESIGN.md in order: an email reply finds its
 * thread, then a ticket token in the subject, then a repeat of the same words on another channel,
 * then (for tenants who want it) the ticket of the same channel conversation, then the contact's
 * open ticket, then a recently solved one (reopened), else a new ticket.
 */
export function choosePlacement(message: InboundMessageV1Message, tenant: TenantPolicy, facts: PlacementFacts): PlacementChoice {
  if (facts.threadTicketId) return { kind: 'thread', ticketId: facts.threadTicketId, rule: 'email-thread' };
  if (facts.tokenTicketId) return { kind: 'thread', ticketId: facts.tokenTicketId, rule: 'subject-token' };
  if (facts.repeat) return { kind: 'repeat', ticketId: facts.repeat.ticketId, duplicateOfId: facts.repeat.messageId };
  const conversationKey = conversationKeyOf(message);
  if (tenant.threadingPolicy === 'conversation' && conversationKey !== null) return { kind: 'conversation', conversationKey };
  if (facts.openTicketId) return { kind: 'open', ticketId: facts.openTicketId };
  if (facts.reopenableTicketId) return { kind: 'reopen', ticketId: facts.reopenableTicketId };
  return { kind: 'new' };
}
