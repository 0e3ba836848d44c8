import { randomUUID } from 'node:crypto';
import { InboundMessageV1, parseContract, type InboundMessageV1Input, type InboundMessageV1Message } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';

/** When each demo message arrived: minutes before now, so the page shows a living queue. */
const minutesAgo = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

function message(base: InboundMessageV1Input, changes: Partial<InboundMessageV1Input>): InboundMessageV1Message {
  const id = randomUUID();
  return parseContract(InboundMessageV1, {
    ...base,
    messageId: id,
    providerMessageId: `${base.provider}-${id}`,
    dedupeKey: `${base.provider}:demo:${id}`,
    traceId: randomUUID().replace(/-/g, ''),
    attachments: [],
    extras: {},
    ...changes,
  });
}

export const JANE = { email: 'jane.doe@example.org', phone: '+4915112345678' } as const;

/** Jane's email, then her SMS from a number the router cannot yet tie to her. */
export function janeFirstMessages(tenantId: string): InboundMessageV1Message[] {
  const emailId = `${randomUUID()}@mail.example.org`;
  return [
    message(INBOUND_FIXTURES.email, {
      tenantId,
      receivedAt: minutesAgo(42),
      sentAt: undefined,
      sender: { identities: [{ kind: 'email', value: JANE.email }], displayName: 'Jane Doe' },
      thread: { messageId: emailId, references: [] },
      subject: 'Parcel never arrived (order 1234)',
      text: 'Hello,\n\nmy parcel for order 1234 was due last Friday and still has not arrived. The tracking page has not changed since Wednesday.\n\nJane',
      html: undefined,
    }),
    message(INBOUND_FIXTURES.sms, { tenantId, receivedAt: minutesAgo(40), sender: { identities: [{ kind: 'phone', value: JANE.phone }] }, text: 'Hi, this is Jane Doe. Did you get my email about order 1234?' }),
  ];
}

/** Jane writes again by SMS, once her number and address are one contact. */
export function janeFollowUp(tenantId: string): InboundMessageV1Message {
  return message(INBOUND_FIXTURES.sms, { tenantId, receivedAt: minutesAgo(12), sender: { identities: [{ kind: 'phone', value: JANE.phone }] }, text: 'Any news? I am home all afternoon.' });
}

/** Other customers, one per channel, so the queue looks like a morning's work. */
export function otherCustomers(tenantId: string): InboundMessageV1Message[] {
  return [
    message(INBOUND_FIXTURES.whatsapp, {
      tenantId,
      receivedAt: minutesAgo(35),
      sender: { identities: [{ kind: 'whatsapp', value: '+393471234567' }], displayName: 'Marco Bianchi' },
      thread: { conversationId: '393471234567', references: [] },
      text: 'Can I still change the delivery address for order 5521?',
    }),
    message(INBOUND_FIXTURES.telegram, {
      tenantId,
      receivedAt: minutesAgo(28),
      sender: { identities: [{ kind: 'telegram', value: '77120045' }], displayName: 'lukas_k' },
      thread: { conversationId: '77120045', references: [] },
      text: 'When will my refund for the returned jacket arrive?',
    }),
    message(INBOUND_FIXTURES.email, {
      tenantId,
      receivedAt: minutesAgo(21),
      sentAt: undefined,
      sender: { identities: [{ kind: 'email', value: 'accounts@northwind.example' }], displayName: 'Northwind Accounts' },
      thread: { messageId: `${randomUUID()}@northwind.example`, references: [] },
      subject: 'Copy of invoice INV-2026-0412',
      text: 'Could you send us a copy of invoice INV-2026-0412? Our records are missing it.',
      html: undefined,
    }),
    message(INBOUND_FIXTURES.instagram, {
      tenantId,
      receivedAt: minutesAgo(9),
      sender: { identities: [{ kind: 'instagram', value: '17841400000000777' }], displayName: 'amelie.r' },
      thread: { conversationId: '17841400000000777', references: [] },
      text: 'Do you ship to Switzerland? 🇨🇭',
    }),
  ];
}
