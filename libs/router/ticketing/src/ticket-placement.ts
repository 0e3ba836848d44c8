import type { InboundMessageV1Message } from '@tributary/contracts';
import type { StoredRule } from './message.repository';
import { choosePlacement } from './placement-choice';
import { findPlacementFacts } from './placement-facts.repository';
import { placementQuestion } from './placement-question';
import type { SqlExecutor } from './sql-executor';
import type { TenantPolicy } from './tenant.repository';
import { openConversationTicket, openTicket, resolveThreadTarget } from './ticket.repository';

export interface Placement {
  readonly ticketId: string;
  readonly rule: StoredRule;
  readonly created: boolean;
  readonly reopen: boolean;
  readonly duplicateOfId: string | null;
  readonly fingerprint: string | null;
}

/** Reads the facts in one statement, applies the rules (choosePlacement) and opens a ticket where they say so. */
export async function placeMessage(sql: SqlExecutor, tenant: TenantPolicy, contactId: string, message: InboundMessageV1Message): Promise<Placement> {
  const received = new Date(message.receivedAt);
  const question = placementQuestion(message, tenant, contactId);
  const { fingerprint } = question;
  const facts = await findPlacementFacts(sql, question);
  const placed = (ticketId: string, rule: StoredRule, extra: Partial<Placement> = {}): Placement => ({
    ticketId,
    rule,
    created: false,
    reopen: false,
    duplicateOfId: null,
    fingerprint,
    ...extra,
  });

  const choice = choosePlacement(message, tenant, facts);
  switch (choice.kind) {
    case 'thread': {
      const target = await resolveThreadTarget(sql, choice.ticketId);
      return placed(target.id, choice.rule, { reopen: target.reopen });
    }
    case 'repeat': {
      // The first message's ticket may have been merged or solved since: the repeat follows it there.
      const target = await resolveThreadTarget(sql, choice.ticketId);
      return placed(target.id, 'cross-channel-repeat', { duplicateOfId: choice.duplicateOfId, reopen: target.reopen });
    }
    case 'conversation': {
      const ticket = await openConversationTicket(sql, {
        tenantId: tenant.id,
        contactId,
        conversationKey: choice.conversationKey,
        channel: message.channel,
        subject: message.subject,
        at: received,
      });
      return placed(ticket.id, ticket.created ? 'new-ticket' : 'channel-conversation', { created: ticket.created });
    }
    case 'open':
      return placed(choice.ticketId, 'open-ticket-of-contact');
    case 'reopen':
      return placed(choice.ticketId, 'reopened', { reopen: true });
    case 'new': {
      const ticket = await openTicket(sql, { tenantId: tenant.id, contactId, channel: message.channel, subject: message.subject, at: received });
      return placed(ticket.id, ticket.created ? 'new-ticket' : 'open-ticket-of-contact', { created: ticket.created });
    }
  }
}
