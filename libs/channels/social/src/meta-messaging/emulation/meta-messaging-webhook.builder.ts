import { randomBytes } from 'node:crypto';

/**
 * Messenger and Instagram webhook payloads as Meta posts them (Messenger Platform webhook events
 * reference; Instagram Platform webhook examples): `{ object, entry: [{ id, time, messaging: [event] }] }`,
 * every event with `sender.id`, `recipient.id` and a timestamp in Unix milliseconds. For tests and the
 * emulation; the intake reads them through its own schema.
 */
export interface MetaBusinessAccount {
  /** The page id (Messenger) or Instagram professional account id (Instagram). */
  readonly id: string;
  readonly channel: 'messenger' | 'instagram';
}

export type MetaEvent = Readonly<Record<string, unknown>>;

export interface MetaMessagingPayload {
  readonly object: 'page' | 'instagram';
  readonly entry: readonly { readonly id: string; readonly time: number; readonly messaging: readonly MetaEvent[] }[];
}

export interface MetaEventOptions {
  readonly mid?: string;
  readonly at?: Date;
}

/** Meta's message ids are opaque: `m_` and URL-safe base64 on Messenger, longer base64 on Instagram. */
export function metaMessageId(channel: 'messenger' | 'instagram' = 'messenger'): string {
  return channel === 'messenger' ? `m_${randomBytes(48).toString('base64url')}` : randomBytes(96).toString('base64').replace(/=+$/, '');
}

/** One webhook with `events` for one account, as Meta batches a page's events into one entry. */
export function messagingWebhook(account: MetaBusinessAccount, ...events: MetaEvent[]): MetaMessagingPayload {
  return { object: account.channel === 'messenger' ? 'page' : 'instagram', entry: [{ id: account.id, time: Date.now(), messaging: events }] };
}

/** Several accounts' webhooks as one delivery (one entry each), as Meta batches them; all must be one object kind. */
export function batchedMessagingWebhook(...payloads: MetaMessagingPayload[]): MetaMessagingPayload {
  const object = payloads[0]?.object ?? 'page';
  if (payloads.some((payload) => payload.object !== object)) throw new Error('Meta never batches page and instagram entries together');
  return { object, entry: payloads.flatMap((payload) => payload.entry) };
}

/** A customer's text; `quickReplyPayload` when it was a tapped quick reply, `replyToMid` when it quotes a message. */
export function textMessageEvent(account: MetaBusinessAccount, customerId: string, text: string, options: MetaEventOptions & { readonly quickReplyPayload?: string; readonly replyToMid?: string } = {}): MetaEvent {
  return customerMessage(account, customerId, options, {
    text,
    ...(options.quickReplyPayload === undefined ? {} : { quick_reply: { payload: options.quickReplyPayload } }),
    ...(options.replyToMid === undefined ? {} : { reply_to: { mid: options.replyToMid } }),
  });
}

/** Files the customer sent: each `{ type: 'image' | 'video' | 'audio' | 'file', url }`, the URL a signed CDN link. */
export function attachmentsMessageEvent(account: MetaBusinessAccount, customerId: string, attachments: readonly { readonly type: string; readonly url: string }[], options: MetaEventOptions & { readonly text?: string } = {}): MetaEvent {
  return customerMessage(account, customerId, options, {
    ...(options.text === undefined ? {} : { text: options.text }),
    attachments: attachments.map((attachment) => ({ type: attachment.type, payload: { url: attachment.url } })),
  });
}

/** Instagram: the customer answered one of the account's stories (`reply_to.story`). */
export function storyReplyEvent(account: MetaBusinessAccount, customerId: string, text: string, story: { readonly url: string; readonly id: string }, options: MetaEventOptions = {}): MetaEvent {
  return customerMessage(account, customerId, options, { text, reply_to: { story: { url: story.url, id: story.id } } });
}

/** Instagram: the customer mentioned the account in their story (an attachment of type `story_mention`). */
export function storyMentionEvent(account: MetaBusinessAccount, customerId: string, storyUrl: string, options: MetaEventOptions = {}): MetaEvent {
  return customerMessage(account, customerId, options, { attachments: [{ type: 'story_mention', payload: { url: storyUrl } }] });
}

/** Instagram: the customer unsent a message. */
export function unsentMessageEvent(account: MetaBusinessAccount, customerId: string, mid: string, options: Omit<MetaEventOptions, 'mid'> = {}): MetaEvent {
  return { ...envelope(customerId, account.id, options.at), message: { mid, is_deleted: true } };
}

/** A tapped button, Get Started or persistent-menu item (`messaging_postbacks`). */
export function postbackEvent(account: MetaBusinessAccount, customerId: string, postback: { readonly title: string; readonly payload: string }, options: MetaEventOptions = {}): MetaEvent {
  return { ...envelope(customerId, account.id, options.at), postback: { title: postback.title, payload: postback.payload, mid: options.mid ?? metaMessageId(account.channel) } };
}

/** The customer reacted to (or withdrew a reaction from) message `mid` (`message_reactions`). */
export function reactionEvent(account: MetaBusinessAccount, customerId: string, reaction: { readonly mid: string; readonly action: 'react' | 'unreact'; readonly emoji?: string }, options: Omit<MetaEventOptions, 'mid'> = {}): MetaEvent {
  const shown = reaction.action === 'react' ? { reaction: 'other', emoji: reaction.emoji ?? '\u2764' } : {};
  return { ...envelope(customerId, account.id, options.at), reaction: { mid: reaction.mid, action: reaction.action, ...shown } };
}

/** The customer edited message `mid` (`message_edits`); `numEdit` counts the edits so far. */
export function editEvent(account: MetaBusinessAccount, customerId: string, edit: { readonly mid: string; readonly text: string; readonly numEdit: number }, options: Omit<MetaEventOptions, 'mid'> = {}): MetaEvent {
  return { ...envelope(customerId, account.id, options.at), message_edit: { mid: edit.mid, text: edit.text, num_edit: edit.numEdit } };
}

/** Meta's copy of a message the page sent (`message_echoes`): from the page to the customer, `metadata` as the sender set it. */
export function echoEvent(account: MetaBusinessAccount, customerId: string, echo: { readonly mid: string; readonly text: string; readonly appId: string; readonly metadata?: string }, options: Omit<MetaEventOptions, 'mid'> = {}): MetaEvent {
  return {
    ...envelope(account.id, customerId, options.at),
    message: { mid: echo.mid, is_echo: true, app_id: Number(echo.appId), ...(echo.metadata === undefined ? {} : { metadata: echo.metadata }), text: echo.text },
  };
}

/** Messenger: every message sent before `watermark` was delivered; `mids` names some, when given. */
export function deliveryEvent(account: MetaBusinessAccount, customerId: string, delivery: { readonly watermark: Date; readonly mids?: readonly string[] }): MetaEvent {
  return { sender: { id: customerId }, recipient: { id: account.id }, delivery: { ...(delivery.mids === undefined ? {} : { mids: delivery.mids }), watermark: delivery.watermark.getTime() } };
}

/** Messenger: read up to `watermark`; Instagram (`messaging_seen`): read up to message `mid`. */
export function readEvent(account: MetaBusinessAccount, customerId: string, read: { readonly watermark: Date } | { readonly mid: string }, options: Omit<MetaEventOptions, 'mid'> = {}): MetaEvent {
  const body = 'mid' in read ? { mid: read.mid } : { watermark: read.watermark.getTime() };
  return { ...envelope(customerId, account.id, options.at), read: body };
}

function customerMessage(account: MetaBusinessAccount, customerId: string, options: MetaEventOptions, message: Record<string, unknown>): MetaEvent {
  return { ...envelope(customerId, account.id, options.at), message: { mid: options.mid ?? metaMessageId(account.channel), ...message } };
}

function envelope(senderId: string, recipientId: string, at: Date = new Date()): MetaEvent {
  return { sender: { id: senderId }, recipient: { id: recipientId }, timestamp: at.getTime() };
}
