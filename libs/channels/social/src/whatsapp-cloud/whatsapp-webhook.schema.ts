import { z } from 'zod';

/**
 * The WhatsApp Cloud API's `messages` webhook, as Meta posts it: entries of changes, each a batch of
 * messages and/or statuses for one business number. Only what Tributary reads is declared; Meta adds
 * fields often, and unknown ones are ignored rather than refused. Free text and lists carry no length
 * limits of ours: a refusal would make Meta retry the whole batch for a week and lose it, and the
 * body limit already bounds them; what the contract limits is cut where it is copied.
 */
const UnixSecondsSchema = z.string().regex(/^\d{1,12}$/, 'must be Unix seconds');
const BsuidSchema = z.string().min(4).max(160);

const MediaSchema = z.object({
  id: z.string().min(1).max(256),
  mime_type: z.string().max(255).optional(),
  sha256: z.string().max(256).optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
});

const WhatsappErrorSchema = z.object({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
});
export type WhatsappError = z.infer<typeof WhatsappErrorSchema>;

export const WhatsappMessageSchema = z.object({
  id: z.string().min(1).max(998),
  /** The sender's number, digits without "+"; absent when the user hides it behind a username. */
  from: z.string().regex(/^\d{6,20}$/).optional(),
  from_user_id: BsuidSchema.optional(),
  timestamp: UnixSecondsSchema,
  type: z.string().min(1).max(64),
  context: z.object({ id: z.string().max(998).optional(), from: z.string().max(64).optional(), forwarded: z.boolean().optional() }).optional(),
  text: z.object({ body: z.string() }).optional(),
  image: MediaSchema.optional(),
  video: MediaSchema.optional(),
  audio: MediaSchema.optional(),
  document: MediaSchema.optional(),
  sticker: MediaSchema.optional(),
  interactive: z
    .object({
      type: z.string().max(64),
      button_reply: z.object({ id: z.string().max(256), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string().max(256), title: z.string(), description: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.object({ payload: z.string().optional(), text: z.string() }).optional(),
  reaction: z.object({ message_id: z.string().max(998), emoji: z.string().optional() }).optional(),
  location: z
    .object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional(), url: z.string().optional() })
    .optional(),
  contacts: z.array(z.object({ name: z.object({ formatted_name: z.string().optional() }).optional(), phones: z.array(z.object({ phone: z.string().optional() })).optional() })).optional(),
  /** WhatsApp's own notices, e.g. that the customer changed number (`user_changed_number`). */
  system: z.object({ body: z.string().optional(), type: z.string().optional() }).optional(),
  errors: z.array(WhatsappErrorSchema).optional(),
});
export type WhatsappMessage = z.infer<typeof WhatsappMessageSchema>;

export const WhatsappStatusSchema = z.object({
  id: z.string().min(1).max(998),
  status: z.string().min(1).max(64),
  timestamp: UnixSecondsSchema,
  recipient_id: z.string().max(64).optional(),
  recipient_user_id: BsuidSchema.optional(),
  /** What Tributary sent with the message (`biz_opaque_callback_data`): which reply this status is about. */
  biz_opaque_callback_data: z.string().max(512).optional(),
  errors: z.array(WhatsappErrorSchema).optional(),
});
export type WhatsappStatus = z.infer<typeof WhatsappStatusSchema>;

const ContactSchema = z.object({
  wa_id: z.string().max(64).optional(),
  user_id: BsuidSchema.optional(),
  profile: z.object({ name: z.string().optional(), username: z.string().optional() }).optional(),
});
export type WhatsappContact = z.infer<typeof ContactSchema>;

export const WhatsappChangeValueSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({ display_phone_number: z.string().max(64), phone_number_id: z.string().regex(/^\d{1,32}$/) }),
  contacts: z.array(ContactSchema).max(1000).optional(),
  messages: z.array(WhatsappMessageSchema).max(1000).optional(),
  statuses: z.array(WhatsappStatusSchema).max(1000).optional(),
});
export type WhatsappChangeValue = z.infer<typeof WhatsappChangeValueSchema>;

export const WhatsappWebhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.object({
        id: z.string().max(64),
        // Other fields (account updates, template status) are not messages; their values are read only for `messages`.
        changes: z.array(z.object({ field: z.string().max(128), value: z.unknown() })).max(1000),
      }),
    )
    .max(1000),
});
export type WhatsappWebhook = z.infer<typeof WhatsappWebhookSchema>;
