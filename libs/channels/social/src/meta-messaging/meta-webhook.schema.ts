import { z } from 'zod';

/**
 * Messenger's and Instagram's messaging webhooks, as Meta posts them: `{ object: 'page' | 'instagram',
 * entry: [{ id, time, messaging: [event] }] }`, one entry per page or Instagram account, each event
 * carrying exactly one of message / postback / delivery / read / reaction / message_edit (and others
 * Tributary does not read). Sources: Messenger Platform webhook events reference
 * (developers.facebook.com/docs/messenger-platform/reference/webhook-events: messages, message_echoes,
 * message_deliveries, message_reads, messaging_postbacks, message_reactions, message_edits) and the
 * Instagram Platform webhook examples (developers.facebook.com/docs/instagram-platform/webhooks/examples).
 * Only what Tributary reads is declared; unknown fields are ignored, never refused, and free text has
 * no limit of ours (the body limit bounds it): a refusal would make Meta retry the batch for a week.
 */
const ScopedIdSchema = z.string().regex(/^\d{1,32}$/, 'must be a Graph id (digits)');
/** Meta's messaging timestamps are Unix milliseconds (numbers), unlike WhatsApp's seconds strings. */
const MillisSchema = z.number().int().nonnegative();

const AttachmentSchema = z.object({
  /** image, video, audio, file, sticker, fallback, template, location, share, story_mention, ig_reel, reel, ig_post… */
  type: z.string().min(1).max(64),
  payload: z
    .object({
      url: z.string().max(8192).optional(),
      title: z.string().optional(),
      sticker_id: z.union([z.number(), z.string()]).optional(),
      /** Instagram story mentions also name the story (`id`); shares name the shared media. */
      id: z.union([z.number(), z.string()]).optional(),
    })
    .nullish(),
  /** Fallback attachments (a shared link) carry their title and URL beside the payload. */
  title: z.string().optional(),
  url: z.string().max(8192).optional(),
});
export type MetaAttachment = z.infer<typeof AttachmentSchema>;

export const MetaMessageSchema = z.object({
  mid: z.string().min(1).max(998),
  text: z.string().optional(),
  attachments: z.array(AttachmentSchema).max(100).optional(),
  quick_reply: z.object({ payload: z.string() }).optional(),
  /**
   * What the customer replied to: one of their earlier messages (`mid`) or, on Instagram, one of the
   * account's stories (`story: { url, id }`, the URL a CDN link that expires with the story).
   */
  reply_to: z
    .object({ mid: z.string().max(998).optional(), story: z.object({ url: z.string().max(8192).optional(), id: z.string().max(128).optional() }).optional() })
    .optional(),
  /** Set on the copy Meta sends of a message the page sent (Messenger `message_echoes`; Instagram within `messages`). */
  is_echo: z.boolean().optional(),
  app_id: z.union([z.number(), z.string()]).optional(),
  /** The sender's `message.metadata`, echoed back (at most 1,000 characters, per the Send API reference). */
  metadata: z.string().optional(),
  /** Instagram: the customer unsent the message. */
  is_deleted: z.boolean().optional(),
  /** Instagram: a message type the API does not expose. */
  is_unsupported: z.boolean().optional(),
});
export type MetaMessage = z.infer<typeof MetaMessageSchema>;

export const MetaMessagingEventSchema = z.object({
  sender: z.object({ id: ScopedIdSchema }),
  recipient: z.object({ id: ScopedIdSchema }),
  /** Absent on some delivery events (their watermark says when). */
  timestamp: MillisSchema.optional(),
  message: MetaMessageSchema.optional(),
  postback: z.object({ title: z.string().optional(), payload: z.string().optional(), mid: z.string().max(998).optional() }).optional(),
  /** Messenger: every message the page sent before `watermark` was delivered; `mids` names some of them, when present. */
  delivery: z.object({ mids: z.array(z.string().max(998)).max(1000).optional(), watermark: MillisSchema }).optional(),
  /** Messenger: read up to `watermark`; Instagram (`messaging_seen`): read up to the message `mid`. */
  read: z.object({ watermark: MillisSchema.optional(), mid: z.string().max(998).optional() }).optional(),
  reaction: z.object({ mid: z.string().max(998), action: z.enum(['react', 'unreact']), emoji: z.string().optional(), reaction: z.string().optional() }).optional(),
  message_edit: z.object({ mid: z.string().max(998), text: z.string().optional(), num_edit: z.number().int().nonnegative().optional() }).optional(),
});
export type MetaMessagingEvent = z.infer<typeof MetaMessagingEventSchema>;

export const MetaWebhookSchema = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z
    .array(
      z.object({
        id: ScopedIdSchema,
        time: MillisSchema.optional(),
        // Each event is parsed on its own, so one Tributary cannot read names itself in the refusal.
        messaging: z.array(z.unknown()).max(1000).optional(),
        /** Events of conversations another app owns (handover protocol): still the customer's words. */
        standby: z.array(z.unknown()).max(1000).optional(),
        /** Instagram comments and other page fields: not messages, not read here. */
        changes: z.array(z.unknown()).optional(),
      }),
    )
    .max(1000),
});
export type MetaWebhook = z.infer<typeof MetaWebhookSchema>;
