import { createHash } from 'node:crypto';
import type { AnnouncedMedia } from '@tributary/channel-kit';
import { stableUuid, type InboundMessageV1Input } from '@tributary/contracts';
import { META_MEDIA_TYPES, metaEditText, metaMessageText, metaPostbackText, metaReactionText } from './meta-message-text.util';
import type { MetaMessage, MetaMessagingEvent } from './meta-webhook.schema';

export interface NormalizedMetaMessage {
  /** Attachments are filled in by the intake once the media are stored. */
  readonly message: InboundMessageV1Input;
  readonly media: readonly AnnouncedMedia[];
}

export interface MetaNormalizeContext {
  /** The page id or Instagram account id the webhook entry is for (where replies are sent from). */
  readonly accountId: string;
  readonly tenantId: string;
  readonly channel: 'messenger' | 'instagram';
  readonly receivedAt: Date;
}

/**
 * A customer's event as InboundMessage v1: a message, a tapped button, a reaction or an edit, each
 * readable text. The customer is named by the scoped id Meta gives them for this page (PSID) or
 * Instagram account (IGSID), digits, as a `messenger` or `instagram` identity. Undefined for events
 * that are not the customer's words (deliveries, reads, echoes, and kinds Tributary does not read).
 */
export function normalizeMetaCustomerEvent(event: MetaMessagingEvent, context: MetaNormalizeContext): NormalizedMetaMessage | undefined {
  const customerId = event.sender.id;
  if (event.message !== undefined && event.message.is_echo !== true) {
    const message = event.message;
    const deleted = message.is_deleted === true;
    // An unsent message keeps its own key: the original (`meta:<mid>`) was already stored under that one.
    const key = deleted ? `meta:deleted:${message.mid}` : `meta:${message.mid}`;
    return {
      message: record(context, event, customerId, key, message.mid, metaMessageText(message), messageExtras(message)),
      media: deleted ? [] : announcedMedia(message),
    };
  }
  if (event.postback !== undefined) {
    const { postback } = event;
    const key = postback.mid ? `meta:postback:${postback.mid}` : `meta:postback:${customerId}:${event.timestamp ?? 0}`;
    const extras: Record<string, string> = { metaType: 'postback' };
    if (postback.payload !== undefined) extras['metaPostbackPayload'] = postback.payload.slice(0, 2048);
    return { message: record(context, event, customerId, key, postback.mid ?? key, metaPostbackText(postback), extras), media: [] };
  }
  if (event.reaction !== undefined) {
    const { reaction } = event;
    const key = `meta:reaction:${reaction.mid}:${customerId}:${reaction.action}:${event.timestamp ?? 0}`;
    return { message: record(context, event, customerId, key, reaction.mid, metaReactionText(reaction), { metaType: 'reaction', metaReactionTo: reaction.mid }), media: [] };
  }
  if (event.message_edit !== undefined) {
    const edit = event.message_edit;
    const key = `meta:edit:${edit.mid}:${edit.num_edit ?? event.timestamp ?? 0}`;
    return { message: record(context, event, customerId, key, edit.mid, metaEditText(edit), { metaType: 'edit', metaEditOf: edit.mid }), media: [] };
  }
  return undefined;
}

/**
 * An echo of a message the business wrote outside Tributary (Meta's page inbox, the Instagram app):
 * an outbound record on the customer's ticket. The echo's sender is the page, its recipient the
 * customer the conversation is with, who is the record's sender as the contract asks.
 */
export function normalizeMetaEcho(event: MetaMessagingEvent, message: MetaMessage, context: MetaNormalizeContext): NormalizedMetaMessage {
  const extras = { ...messageExtras(message), ...(message.app_id === undefined ? {} : { metaAppId: String(message.app_id) }) };
  return {
    message: { ...record(context, event, event.recipient.id, `meta:${message.mid}`, message.mid, metaMessageText(message), extras), direction: 'outbound' },
    media: announcedMedia(message),
  };
}

function record(
  context: MetaNormalizeContext,
  event: MetaMessagingEvent,
  customerId: string,
  dedupeKey: string,
  providerMessageId: string,
  text: string,
  extras: Record<string, string>,
): InboundMessageV1Input {
  return {
    schemaVersion: 1,
    // Derived from Meta's ids, so a redelivered webhook is the same record and joins the same trace.
    messageId: stableUuid('meta', dedupeKey),
    tenantId: context.tenantId,
    channel: context.channel,
    provider: 'meta',
    providerMessageId,
    dedupeKey,
    receivedAt: context.receivedAt.toISOString(),
    ...(event.timestamp === undefined ? {} : { sentAt: new Date(event.timestamp).toISOString() }),
    sender: { identities: [{ kind: context.channel, value: customerId }] },
    inbox: { address: context.accountId },
    // One conversation per customer and page: Meta has no other thread.
    thread: { references: [], conversationId: `${context.accountId}:${customerId}` },
    text,
    attachments: [],
    autoSubmitted: { flagged: false },
    traceId: createHash('sha256').update(dedupeKey).digest('hex').slice(0, 32),
    extras,
  };
}

function messageExtras(message: MetaMessage): Record<string, string> {
  const extras: Record<string, string> = { metaType: message.is_echo === true ? 'echo' : 'message' };
  if (message.quick_reply) extras['metaQuickReplyPayload'] = message.quick_reply.payload.slice(0, 2048);
  if (message.reply_to?.mid) extras['metaReplyTo'] = message.reply_to.mid;
  if (message.reply_to?.story?.id) extras['metaStoryId'] = message.reply_to.story.id;
  if (message.reply_to?.story?.url) extras['metaStoryUrl'] = message.reply_to.story.url.slice(0, 2048);
  return extras;
}

/** The customer's files (images, videos, voice notes, documents, stickers), by their signed CDN URL. */
function announcedMedia(message: MetaMessage): AnnouncedMedia[] {
  return (message.attachments ?? []).flatMap((attachment, index): AnnouncedMedia[] => {
    const url = attachment.payload?.url;
    if (!META_MEDIA_TYPES.has(attachment.type) || url === undefined) return [];
    return [{ attachmentId: stableUuid('meta', message.mid, 'attachment', String(index)), url, name: fileName(url, `${attachment.type}-${index + 1}`) }];
  });
}

/** The URL's last path segment (CDN URLs end in the file's name), else the kind and position. */
function fileName(url: string, fallback: string): string {
  try {
    const segment = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return (segment || fallback).slice(0, 512);
  } catch {
    return fallback;
  }
}
