import { parseContract, InboundMessageV1 } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { choosePlacement } from './placement-choice';
import type { PlacementFacts } from './placement-facts.repository';
import type { TenantPolicy } from './tenant.repository';

const NOTHING: PlacementFacts = { threadTicketId: null, tokenTicketId: null, repeat: null, openTicketId: null, reopenableTicketId: null };
const EVERYTHING: PlacementFacts = {
  threadTicketId: 'thread',
  tokenTicketId: 'token',
  repeat: { messageId: 'first', ticketId: 'repeat' },
  openTicketId: 'open',
  reopenableTicketId: 'solved',
};
const contactPolicy: TenantPolicy = { id: 'acme', threadingPolicy: 'contact', reopenWindowHours: 72, repeatWindowMinutes: 60 };
const conversationPolicy: TenantPolicy = { ...contactPolicy, threadingPolicy: 'conversation' };
const chat = parseContract(InboundMessageV1, INBOUND_FIXTURES.chat);

describe('choosePlacement', () => {
  it('applies the rules in order: thread, token, repeat, open ticket, reopen, new', () => {
    const without = (...keys: (keyof PlacementFacts)[]): PlacementFacts => ({ ...EVERYTHING, ...Object.fromEntries(keys.map((key) => [key, null])) });
    expect(choosePlacement(chat, contactPolicy, EVERYTHING)).toEqual({ kind: 'thread', ticketId: 'thread', rule: 'email-thread' });
    expect(choosePlacement(chat, contactPolicy, without('threadTicketId'))).toEqual({ kind: 'thread', ticketId: 'token', rule: 'subject-token' });
    expect(choosePlacement(chat, contactPolicy, without('threadTicketId', 'tokenTicketId'))).toEqual({ kind: 'repeat', ticketId: 'repeat', duplicateOfId: 'first' });
    expect(choosePlacement(chat, contactPolicy, without('threadTicketId', 'tokenTicketId', 'repeat'))).toEqual({ kind: 'open', ticketId: 'open' });
    expect(choosePlacement(chat, contactPolicy, { ...NOTHING, reopenableTicketId: 'solved' })).toEqual({ kind: 'reopen', ticketId: 'solved' });
    expect(choosePlacement(chat, contactPolicy, NOTHING)).toEqual({ kind: 'new' });
  });

  it('keeps a per-conversation tenant in the conversation ticket, even when the contact has another open ticket', () => {
    const choice = choosePlacement(chat, conversationPolicy, { ...NOTHING, openTicketId: 'open' });
    expect(choice).toEqual({ kind: 'conversation', conversationKey: `chat:${chat.inbox.address}:${chat.thread.conversationId}` });
  });

  it('lets a thread reply and a repeat win over the conversation policy', () => {
    expect(choosePlacement(chat, conversationPolicy, { ...NOTHING, tokenTicketId: 'token' }).kind).toBe('thread');
    expect(choosePlacement(chat, conversationPolicy, { ...NOTHING, repeat: { messageId: 'm', ticketId: 't' } }).kind).toBe('repeat');
  });
});
