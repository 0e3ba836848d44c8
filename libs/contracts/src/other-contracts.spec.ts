import { parseContract } from './contract';
import { DeliveryStatusV1, OutboundMessageV1, TicketEventV1 } from './contracts';

const ids = {
  ticket: '9d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
  contact: 'aa1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
  outbound: 'bb1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
  event: 'cc1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
  message: 'dd1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
};
const at = '2026-11-20T09:15:00.000Z';
const trace = '4bf92f3577b34da6a3ce929d0e0e4736';

const snapshot = {
  schemaVersion: 1,
  ticketId: ids.ticket,
  tenantId: 'acme',
  status: 'open',
  originChannel: 'email',
  channels: ['email', 'chat'],
  subject: 'Parcel never arrived',
  contactId: ids.contact,
  messageCount: 2,
  sequence: 2,
  createdAt: at,
  updatedAt: at,
  lastMessageAt: at,
};

describe('TicketEvent v1', () => {
  const messageAdded = {
    schemaVersion: 1,
    eventId: ids.event,
    tenantId: 'acme',
    ticketId: ids.ticket,
    sequence: 2,
    occurredAt: at,
    traceId: trace,
    ticket: snapshot,
    type: 'ticket.message-added',
    message: {
      messageId: ids.message,
      channel: 'chat',
      direction: 'inbound',
      sender: { identity: { kind: 'chat-user', value: 'user-981', verified: true } },
      text: 'Did you get my email?',
      attachments: [],
      autoSubmitted: false,
      receivedAt: at,
      rule: 'open-ticket-of-contact',
    },
  };

  it('accepts a message-added event', () => {
    expect(parseContract(TicketEventV1, messageAdded).type).toBe('ticket.message-added');
  });

  it('rejects an unknown placement rule, naming the field', () => {
    const bad = { ...messageAdded, message: { ...messageAdded.message, rule: 'guess' } };
    expect(() => parseContract(TicketEventV1, bad)).toThrow(/message\.rule/);
  });

  it('rejects a sequence below 1', () => {
    expect(() => parseContract(TicketEventV1, { ...messageAdded, sequence: 0 })).toThrow(/sequence/);
  });
});

describe('OutboundMessage v1', () => {
  const reply = {
    schemaVersion: 1,
    outboundId: ids.outbound,
    tenantId: 'acme',
    ticketId: ids.ticket,
    channel: 'email',
    to: { kind: 'email', value: 'jane.doe@example.org' },
    from: { address: 'support@acme.example' },
    subject: 'Re: [#T-42] Parcel never arrived',
    text: 'We have sent a replacement.',
    thread: { inReplyTo: 'CAF8s9dk2@mail.example.org' },
    author: { kind: 'agent', id: 'agent-7' },
    autoSubmitted: false,
    requestedAt: at,
    traceId: trace,
  };

  it('accepts an agent reply and defaults the references list', () => {
    expect(parseContract(OutboundMessageV1, reply).thread.references).toEqual([]);
  });

  it('rejects an empty reply text', () => {
    expect(() => parseContract(OutboundMessageV1, { ...reply, text: '' })).toThrow(/text/);
  });
});

describe('DeliveryStatus v1', () => {
  const delivered = {
    schemaVersion: 1,
    statusId: ids.event,
    outboundId: ids.outbound,
    tenantId: 'acme',
    ticketId: ids.ticket,
    channel: 'sms',
    provider: 'twilio',
    providerMessageId: 'SM123',
    state: 'delivered',
    occurredAt: at,
    traceId: trace,
  };

  it('accepts a delivered status', () => {
    expect(parseContract(DeliveryStatusV1, delivered).state).toBe('delivered');
  });

  it('requires the provider error on a failure', () => {
    expect(() => parseContract(DeliveryStatusV1, { ...delivered, state: 'failed' })).toThrow('error: is required when state is "failed"');
  });
});
