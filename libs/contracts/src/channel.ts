import { z } from 'zod';

/** The ways a customer reaches a company. */
export const CHANNELS = ['email', 'voice', 'sms', 'chat', 'whatsapp', 'telegram', 'messenger', 'instagram'] as const;
export const ChannelSchema = z.enum(CHANNELS).describe('The customer-facing channel the message travelled on.');
export type Channel = z.infer<typeof ChannelSchema>;

/** The system that delivered the message to Tributary (several may serve one channel). */
export const PROVIDERS = ['imap', 'smtp', 'twilio', 'whatsapp-cloud', 'whatsapp-web', 'telegram', 'meta', 'chat'] as const;
export const ProviderSchema = z.enum(PROVIDERS).describe('The provider or protocol that handed the message to Tributary.');
export type Provider = z.infer<typeof ProviderSchema>;

/**
 * The provider a reply leaves through when it names none (OutboundMessage v1 `provider`). A reply
 * names one when the channel has several (WhatsApp through Meta's Cloud API, a whatsapp-web.js
 * session or Twilio), so it leaves the way the customer wrote.
 */
export const DEFAULT_REPLY_PROVIDERS: Readonly<Record<Channel, Provider>> = {
  email: 'smtp',
  voice: 'twilio',
  sms: 'twilio',
  chat: 'chat',
  whatsapp: 'whatsapp-cloud',
  telegram: 'telegram',
  messenger: 'meta',
  instagram: 'meta',
};

/** The provider a reply leaves through: its own, or its channel's default. */
export function replyProvider(reply: { readonly channel: Channel; readonly provider?: Provider | undefined }): Provider {
  return reply.provider ?? DEFAULT_REPLY_PROVIDERS[reply.channel];
}
