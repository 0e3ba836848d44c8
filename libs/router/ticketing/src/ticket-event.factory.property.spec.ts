import { randomUUID } from 'node:crypto';
import {
  CHANNELS,
  InboundMessageV1,
  MAX_EVENT_HTML_LENGTH,
  MAX_TEXT_LENGTH,
  PLACEMENT_RULES,
  TICKET_STATUSES,
  TicketEventV1,
  parseContract,
  type InboundMessageV1Input,
} from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { fuzzOptions } from '@tributary/platform-testing';
import fc from 'fast-check';
import { prepareMessage } from './prepared-message';
import { messageEvent, ticketSnapshot } from './ticket-event.factory';
import type { TicketRow } from './ticket.repository';

/** Strings at and around a limit, and short ones with any characters. */
const text = (limit: number) => fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), fc.constantFrom('', 'x'.repeat(limit), 'é'.repeat(limit)));
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const moment = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

/** Domain characters that normalization changes: full-width letters, digits, hyphen and dot, a soft hyphen. */
const domainLabel = fc.string({ unit: fc.constantFrom('a', 'x', '-', 'ü', '\uFF41', '\uFF11', '\uFF0D', '\uFF0E', '\u00AD'), minLength: 1, maxLength: 5 });
const emailSender = fc.oneof(
  fc.constantFrom('a@\uFF0Dx.com', 'a@b.\uFF11x', 'a@x.\u00AD.com', 'a@x\uFF0E.com', 'Jane.Doe@B\u00FCcher.example'),
  fc.tuple(domainLabel, domainLabel).map(([label, top]) => `jane@${label}.${top}com`),
);

const inboundMessage = fc
  .record({
    fixture: fc.constantFrom(...Object.values(INBOUND_FIXTURES)),
    email: optional(emailSender),
    text: text(MAX_TEXT_LENGTH),
    subject: optional(text(998)),
    displayName: optional(text(256)),
    html: optional(fc.oneof(text(MAX_EVENT_HTML_LENGTH), fc.constant('h'.repeat(MAX_EVENT_HTML_LENGTH + 1)))),
    direction: optional(fc.constantFrom('inbound' as const, 'outbound' as const)),
    flagged: fc.boolean(),
  })
  .map(({ fixture, email, text: body, subject, displayName, html, direction, flagged }) => {
    const { subject: _subject, html: _html, direction: _direction, ...rest } = fixture;
    const input: InboundMessageV1Input = {
      ...rest,
      messageId: randomUUID(),
      text: body,
      sender: {
        identities: email === undefined ? fixture.sender.identities : [{ kind: 'email' as const, value: email }],
        ...(displayName === undefined ? {} : { displayName }),
      },
      ...(subject === undefined ? {} : { subject }),
      ...(html === undefined ? {} : { html }),
      ...(direction === undefined ? {} : { direction }),
      autoSubmitted: flagged ? { flagged: true, reason: 'auto-reply' } : { flagged: false },
    };
    const parsed = InboundMessageV1.schema.safeParse(input);
    return parsed.success ? parsed.data : undefined;
  })
  .filter((message) => message !== undefined);

const ticketRow = fc.record({
  id: fc.uuid({ version: 4 }),
  tenant_id: fc.constant(INBOUND_FIXTURES.sms.tenantId),
  contact_id: fc.uuid({ version: 4 }),
  token: fc.constant('T-ABC123'),
  status: fc.constantFrom(...TICKET_STATUSES),
  origin_channel: fc.constantFrom(...CHANNELS),
  subject: fc.option(text(998), { nil: null }),
  sequence: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  created_at: moment,
  updated_at: moment,
  last_message_at: moment,
}) satisfies fc.Arbitrary<TicketRow>;

describe('messageEvent and ticketSnapshot, built without validation', () => {
  it('are never reached by a sender whose address normalization would make unreadable to the contract', () => {
    const message = parseContract(InboundMessageV1, { ...INBOUND_FIXTURES.email, sender: { identities: [{ kind: 'email', value: 'a@\uFF0Dx.com' }] } });
    expect(() => prepareMessage(message)).toThrow('the sender\'s email identity "a@-x.com" is not a valid contact identity once normalized');
  });

  it('build, from any valid inbound message the router takes and any ticket row, an event TicketEvent v1 accepts unchanged', () => {
    fc.assert(
      fc.property(
        inboundMessage,
        ticketRow,
        fc.uniqueArray(fc.constantFrom(...CHANNELS), { minLength: 1 }),
        fc.nat(),
        fc.record({ rule: fc.constantFrom(...PLACEMENT_RULES), created: fc.boolean(), duplicate: fc.boolean() }),
        (message, row, channels, messageCount, { rule, created, duplicate }) => {
          let prepared: ReturnType<typeof prepareMessage>;
          try {
            prepared = prepareMessage(message);
          } catch (error) {
            // Refused before any SQL, with its reason, and dead-lettered: never announced.
            expect(String(error)).toMatch(/is not a valid contact identity once normalized/);
            return;
          }
          const [sender] = prepared.identities;
          if (!sender) throw new Error('a valid message names at least one identity');
          const placed = { messageId: randomUUID(), rule, duplicateOfId: duplicate ? randomUUID() : null, created, sender };
          const event = messageEvent(ticketSnapshot(row, channels, messageCount), placed, message);
          expect(parseContract(TicketEventV1, event)).toStrictEqual(event);
        },
      ),
      fuzzOptions(300),
    );
  });
});
