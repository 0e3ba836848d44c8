import { InboundMessageV1, parseContract } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { buildReply } from './reply-builder';

const ticket = { id: '9d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6', tenantId: 'acme', token: 'T-7K2M9QXD' };
const now = new Date('2026-11-20T10:00:00.000Z');

describe('buildReply', () => {
  it('continues an email thread: In-Reply-To, References and the ticket token in the subject', () => {
    const email = parseContract(InboundMessageV1, { ...INBOUND_FIXTURES.email, subject: 'Parcel never arrived' });
    const reply = buildReply(ticket, email, { text: 'We sent a replacement.', authorId: 'agent-7' }, now);
    expect(reply).toMatchObject({
      channel: 'email',
      to: { kind: 'email', value: 'jane.doe@example.org' },
      from: { address: 'support@acme.example' },
      subject: '[#T-7K2M9QXD] Re: Parcel never arrived',
      thread: { inReplyTo: 'CAF8s9dk2@mail.example.org', references: ['ticket-42@acme.example', 'CAF8s9dk2@mail.example.org'] },
      autoSubmitted: false,
    });
    // How the mail arrived (IMAP, inbound SMTP) says nothing about how the reply leaves: SMTP, the default.
    expect(reply).not.toHaveProperty('provider');
  });

  it('answers a voicemail by SMS to the caller', () => {
    const call = parseContract(InboundMessageV1, INBOUND_FIXTURES.voice);
    expect(buildReply(ticket, call, { text: 'Calling you back at 3.', authorId: 'agent-7' }, now)).toMatchObject({
      channel: 'sms',
      to: { kind: 'phone', value: '+4915112345678' },
      from: { address: '+498912345678' },
      provider: 'twilio',
    });
  });

  it('answers a chat in the same conversation', () => {
    const telegram = parseContract(InboundMessageV1, INBOUND_FIXTURES.telegram);
    const reply = buildReply(ticket, telegram, { text: 'On its way.', authorId: 'agent-7' }, now);
    expect(reply.thread).toEqual({ references: [], conversationId: '912873' });
    expect(reply.subject).toBeUndefined();
  });

  it("names the customer's message it answers, whose time opens the channel's messaging window", () => {
    const telegram = parseContract(InboundMessageV1, INBOUND_FIXTURES.telegram);
    const reply = buildReply(ticket, telegram, { text: 'On its way.', authorId: 'agent-7' }, now);
    expect(reply.answering).toEqual({ providerMessageId: telegram.providerMessageId, receivedAt: telegram.receivedAt });
  });
});
