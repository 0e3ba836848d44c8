import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { WhatsappWebhookError } from './graph-error-catalog';

export interface WhatsappBusinessNumber {
  readonly phoneNumberId: string;
  /** Digits, as Meta's metadata carries it (no "+"). */
  readonly displayPhoneNumber: string;
  readonly wabaId: string;
}

export interface WhatsappCustomer {
  /** Digits, no "+"; absent when the user hides the number behind a username. */
  readonly waId?: string;
  /** The business-scoped user id (BSUID), e.g. 'US.13491208655302741918'. */
  readonly userId?: string;
  readonly name?: string;
}

export interface WhatsappMessageOptions {
  readonly id?: string;
  readonly timestamp?: Date;
  /** The business message this one replies to (the tapped button's message, a quoted reply). */
  readonly contextId?: string;
}

export type WhatsappMediaType = 'image' | 'video' | 'audio' | 'document' | 'sticker';

export interface WhatsappMedia {
  readonly type: WhatsappMediaType;
  readonly mediaId: string;
  readonly mimeType: string;
  /** Base64, as webhooks carry it (the media GET answers hex); random when not given. */
  readonly sha256Base64?: string;
  readonly caption?: string;
  readonly filename?: string;
}

export type WhatsappStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface WhatsappStatusInput {
  readonly id: string;
  readonly status: WhatsappStatus;
  readonly recipientWaId?: string;
  readonly recipientUserId?: string;
  readonly timestamp?: Date;
  readonly bizOpaqueCallbackData?: string;
  readonly error?: WhatsappWebhookError;
  /** What Meta bills, on non-failed statuses; a free customer-service message unless given. */
  readonly pricing?: { readonly category: 'service' | 'utility' | 'marketing' | 'authentication'; readonly type: 'regular' | 'free_customer_service' | 'free_entry_point' };
}

export interface WhatsappWebhookPayload {
  readonly object: 'whatsapp_business_account';
  readonly entry: readonly { readonly id: string; readonly changes: readonly unknown[] }[];
}

const ERROR_CODES_HREF = 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/';

/**
 * A `wamid.` and base64, like Meta's (base64 of a protobuf). 32 bytes always end in "=", and "+" and
 * "/" turn up often, so receivers that treat the id as anything but an opaque string get caught.
 */
export function whatsappMessageId(): string {
  return `wamid.${randomBytes(32).toString('base64')}`;
}

/** A customer's text message, as Meta posts it to the `messages` webhook field. */
export function textMessageWebhook(number: WhatsappBusinessNumber, customer: WhatsappCustomer, text: string, options: WhatsappMessageOptions = {}): { payload: WhatsappWebhookPayload; messageId: string } {
  return messageWebhook(number, customer, { type: 'text', text: { body: text } }, options);
}

/** An image, video, audio, document or sticker; the bytes are fetched by media id (see GraphApiEmulator.addMedia). */
export function mediaMessageWebhook(number: WhatsappBusinessNumber, customer: WhatsappCustomer, media: WhatsappMedia, options: WhatsappMessageOptions = {}): { payload: WhatsappWebhookPayload; messageId: string } {
  const part: Record<string, unknown> = {
    ...(media.caption === undefined ? {} : { caption: media.caption }),
    ...(media.filename === undefined ? {} : { filename: media.filename }),
    mime_type: media.mimeType,
    sha256: media.sha256Base64 ?? randomBytes(32).toString('base64'),
    id: media.mediaId,
    // Meta flags these two kinds; false is what a plain upload carries.
    ...(media.type === 'audio' ? { voice: false } : {}),
    ...(media.type === 'sticker' ? { animated: false } : {}),
  };
  return messageWebhook(number, customer, { type: media.type, [media.type]: part }, options);
}

/**
 * Any inbound message, `message` being its type-specific part including `type`, e.g.
 * `{ type: 'reaction', reaction: { message_id, emoji } }` or `{ type: 'interactive', interactive: {…} }`.
 */
export function messageWebhook(number: WhatsappBusinessNumber, customer: WhatsappCustomer, message: Record<string, unknown>, options: WhatsappMessageOptions = {}): { payload: WhatsappWebhookPayload; messageId: string } {
  if (customer.waId === undefined && customer.userId === undefined) throw new Error('a WhatsApp customer has a wa_id, a BSUID or both');
  const messageId = options.id ?? whatsappMessageId();
  const contact = {
    ...(customer.name === undefined ? {} : { profile: { name: customer.name } }),
    ...(customer.waId === undefined ? {} : { wa_id: customer.waId }),
    ...(customer.userId === undefined ? {} : { user_id: customer.userId }),
  };
  const inbound = {
    ...(options.contextId === undefined ? {} : { context: { from: number.displayPhoneNumber, id: options.contextId } }),
    ...(customer.waId === undefined ? {} : { from: customer.waId }),
    ...(customer.userId === undefined ? {} : { from_user_id: customer.userId }),
    id: messageId,
    timestamp: unixSeconds(options.timestamp),
    ...message,
  };
  return { payload: envelope(number, { contacts: [contact], messages: [inbound] }), messageId };
}

/**
 * A status of a message the business sent. Non-failed ones carry `pricing` and (since 2026) the
 * recipient in `contacts`; a failed one carries `errors[]` with `href` and neither of those.
 */
export function statusWebhook(number: WhatsappBusinessNumber, status: WhatsappStatusInput): WhatsappWebhookPayload {
  const failed = status.status === 'failed';
  const error = status.error;
  if (failed && error === undefined) throw new Error('a failed status carries its error');
  const entry = {
    id: status.id,
    status: status.status,
    timestamp: unixSeconds(status.timestamp),
    // Sent to a BSUID, Meta names the recipient by user id only (WAJS, quoting Meta).
    ...(status.recipientWaId === undefined ? {} : { recipient_id: status.recipientWaId }),
    ...(status.recipientUserId === undefined ? {} : { recipient_user_id: status.recipientUserId }),
    ...(status.bizOpaqueCallbackData === undefined ? {} : { biz_opaque_callback_data: status.bizOpaqueCallbackData }),
    ...(failed && error
      ? { errors: [{ code: error.code, title: error.title, message: error.message ?? error.title, error_data: { details: error.details ?? error.title }, href: ERROR_CODES_HREF }] }
      : { pricing: { billable: false, pricing_model: 'PMP', category: status.pricing?.category ?? 'service', type: status.pricing?.type ?? 'free_customer_service' } }),
  };
  const recipient = {
    ...(status.recipientWaId === undefined ? {} : { wa_id: status.recipientWaId }),
    ...(status.recipientUserId === undefined ? {} : { user_id: status.recipientUserId }),
  };
  const contacts = failed || Object.keys(recipient).length === 0 ? {} : { contacts: [recipient] };
  return envelope(number, { ...contacts, statuses: [entry] });
}

const PayloadSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({ id: z.string(), changes: z.array(z.unknown()) })),
});

/**
 * Several payloads as one delivery, as Meta batches them: one entry per WhatsApp Business Account,
 * holding every change for it in the order given.
 */
export function batchedWebhook(...payloads: unknown[]): WhatsappWebhookPayload {
  const changesByWaba = new Map<string, unknown[]>();
  for (const payload of payloads) {
    for (const entry of PayloadSchema.parse(payload).entry) {
      const changes = changesByWaba.get(entry.id) ?? [];
      changes.push(...entry.changes);
      changesByWaba.set(entry.id, changes);
    }
  }
  return { object: 'whatsapp_business_account', entry: [...changesByWaba].map(([id, changes]) => ({ id, changes })) };
}

function envelope(number: WhatsappBusinessNumber, value: Record<string, unknown>): WhatsappWebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: number.wabaId,
      changes: [{
        value: { messaging_product: 'whatsapp', metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId }, ...value },
        field: 'messages',
      }],
    }],
  };
}

/** Meta's timestamps are strings of Unix seconds. */
function unixSeconds(at: Date = new Date()): string {
  return String(Math.floor(at.getTime() / 1000));
}
