import {
  AttachmentRefSchema,
  CHANNELS,
  DELIVERY_STATES,
  InboundMessageV1Schema,
  PLACEMENT_RULES,
  TICKET_STATUSES,
  type ContactIdentityKind,
  type ReplyLengthUnit,
  type SmsEncoding,
} from '@tributary/contracts';
import { z } from 'zod';

/**
 * What each route answers. The views are typed from these schemas and the OpenAPI document is
 * generated from them, so what the code returns and what the document promises are one thing.
 */

type DeepReadonly<T> = T extends (infer E)[] ? readonly DeepReadonly<E>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** What a route answers, as TypeScript sees it; read-only, so a view may hand over what it was given. */
export type ResponseOf<T extends z.ZodType> = DeepReadonly<z.output<T>>;

const Id = z.uuid();
// Every timestamp leaves through Date#toISOString: UTC, with Z.
const Timestamp = z.iso.datetime();
const Status = z.enum(TICKET_STATUSES);
const ChannelName = z.enum(CHANNELS);
const IDENTITY_KINDS = ['email', 'phone', 'whatsapp', 'whatsapp-user', 'telegram', 'messenger', 'instagram', 'chat-user'] as const satisfies readonly ContactIdentityKind[];
const IdentityKind = z.enum(IDENTITY_KINDS);

export const TicketSummaryResponse = z.object({
  ticketId: Id,
  token: z.string().describe('The ticket token that email subjects carry, e.g. T-7K2M9QXD.'),
  status: Status,
  originChannel: ChannelName,
  subject: z.string().nullable().describe('The subject of the first message; null for channels without subjects.'),
  contactId: Id,
  sequence: z.number().int().positive().describe('Sequence of the last event announced for the ticket.'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  lastMessageAt: Timestamp,
});

export const TicketPageResponse = z.object({
  tickets: z.array(TicketSummaryResponse),
  nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
});

const DeliveryView = z.object({
  state: z.enum(DELIVERY_STATES).nullable().describe('null until the first delivery report.'),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      recipientUnreachable: z.boolean().optional().describe("The provider says the customer cannot be reached this way; see the contact's identities."),
    })
    .nullable(),
  providerMessageId: z.string().nullable(),
  occurredAt: Timestamp.nullable(),
});

const MessageAttachmentView = z
  .object({
    attachmentId: Id.nullable().describe('null for attachments stored when the message arrived; otherwise the id its AttachmentStatus reports under.'),
    state: z.enum(['stored', 'pending', 'failed']).describe('pending while the ingest retries the download; stored or failed once it is settled, never changing again.'),
    name: z.string().nullable(),
    contentType: z.string().nullable(),
    file: AttachmentRefSchema.nullable().describe('Name, type, size and hash of the bytes, once stored.'),
    downloadPath: z
      .string()
      .nullable()
      .describe('Once stored: GET this path of the queue API with the same key for the bytes (GET /v1/tickets/{ticketId}/messages/{messageId}/attachments/{sha256}).'),
    error: z.object({ code: z.string(), message: z.string() }).nullable().describe('Why it failed (the last attempt\'s reason).'),
  })
  .describe("An attachment of the customer's message.");

const IdentityReachability = z
  .object({ since: Timestamp, reason: z.string().describe("The provider's refusal, e.g. TELEGRAM_BOT_BLOCKED: the customer blocked the bot.") })
  .nullable()
  .describe('Set while the provider says this identity cannot be reached (blocked the bot or page, opted out); lifted when the customer writes through it again.');

export const TicketDetailResponse = TicketSummaryResponse.extend({
  contact: z.object({
    contactId: Id,
    identities: z.array(z.object({ kind: IdentityKind, value: z.string(), verified: z.boolean(), unreachable: IdentityReachability })),
  }),
  messages: z.array(
    z.object({
      messageId: Id,
      direction: z.enum(['inbound', 'outbound']),
      channel: ChannelName,
      rule: z.enum(PLACEMENT_RULES).describe('The dedupe or threading rule that placed the message in this ticket.'),
      duplicateOfMessageId: Id.nullable(),
      receivedAt: Timestamp,
      sender: InboundMessageV1Schema.shape.sender,
      subject: z.string().nullable(),
      text: z.string().describe('Always readable: an email with only HTML has its text derived from it.'),
      html: z.string().nullable().describe("An email's sanitized HTML as sent (no scripts, no remote content); null for channels without it."),
      attachments: z.array(MessageAttachmentView),
    }),
  ),
  replies: z.array(
    z.object({ outboundId: Id, channel: ChannelName, authorId: z.string(), requestedAt: Timestamp, text: z.string(), delivery: DeliveryView }).describe(
      "An agent's reply with the latest delivery state it reached.",
    ),
  ),
});

export const StatusChangeResponse = z.object({ status: Status, sequence: z.number().int().positive() });

export const ReplyQueuedResponse = z.object({ outboundId: Id, channel: ChannelName.describe('The channel the reply goes out on.') });

export const TicketMergeResponse = z.object({ ticketId: Id.describe('The surviving ticket.'), sequence: z.number().int().positive() });

const ContactMergeView = z.object({
  mergeId: Id,
  sourceContactId: Id,
  targetContactId: Id,
  reason: z.string(),
  actor: z.string(),
  mergedAt: Timestamp,
  movedIdentityIds: z.array(Id),
  movedTicketIds: z.array(Id),
  closedTicketId: Id.nullable(),
  survivingTicketId: Id.nullable(),
  revertedAt: Timestamp.nullable(),
  revertedBy: z.string().nullable(),
});

export const ContactDetailResponse = z.object({
  contactId: Id,
  displayName: z.string().nullable(),
  mergedIntoContactId: Id.nullable().describe('Set while the contact is merged into another; its identities and tickets live there.'),
  createdAt: Timestamp,
  identities: z.array(z.object({ identityId: Id, kind: IdentityKind, value: z.string(), verified: z.boolean(), unreachable: IdentityReachability })),
  tickets: z.array(
    z.object({ ticketId: Id, token: z.string(), status: Status, originChannel: ChannelName, subject: z.string().nullable(), mergedIntoTicketId: Id.nullable(), updatedAt: Timestamp }),
  ),
  merges: z.array(ContactMergeView).describe('Merges the contact took part in, as source or target, newest first.'),
});

export const ContactMergeResponse = z.object({
  mergeId: Id.describe('Pass to POST /v1/contact-merges/{mergeId}/unmerge to undo the merge.'),
  contactId: Id.describe('The contact merged into.'),
  movedTicketIds: z.array(Id),
  closedTicketId: Id.nullable().describe('The newer of two open tickets, closed as merged into the older.'),
  survivingTicketId: Id.nullable(),
});

export const ContactUnmergeResponse = z.object({
  mergeId: Id,
  sourceContactId: Id,
  targetContactId: Id,
  restoredIdentityIds: z.array(Id),
  handedBackTicketIds: z.array(Id),
  reopenedTicketId: Id.nullable(),
});

export const ReplyTooLongDetails = z
  .object({
    channel: ChannelName,
    limit: z.number().int().positive(),
    unit: z.enum(['utf16-code-units', 'utf8-bytes', 'sms-characters'] as const satisfies readonly ReplyLengthUnit[]),
    length: z.number().int().nonnegative().describe('The reply measured in the unit.'),
    encoding: z.enum(['GSM-7', 'UCS-2'] as const satisfies readonly SmsEncoding[]).optional().describe('SMS only.'),
    segments: z.number().int().nonnegative().optional().describe('SMS only: how many messages the reply would be sent as.'),
  })
  .describe('With REPLY_TOO_LONG: the channel the reply goes out on, its limit and what the reply measured.');

export const ReplyTooLargeDetails = z
  .object({ topic: z.string(), limit: z.number().int().positive(), bytes: z.number().int().positive().describe('The OutboundMessage record as JSON.') })
  .describe('With REPLY_TOO_LARGE: the reply is within its channel\'s limit, but its record is larger than the outbound topic takes.');
