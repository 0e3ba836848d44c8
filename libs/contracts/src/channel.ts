import { z } from 'zod';

/** The ways a customer reaches a company. */
export const CHANNELS = ['email', 'voice', 'sms', 'chat', 'whatsapp', 'telegram', 'messenger', 'instagram'] as const;
export const ChannelSchema = z.enum(CHANNELS).describe('The customer-facing channel the message travelled on.');
export type Channel = z.infer<typeof ChannelSchema>;

/** The system that delivered the message to Tributary (several may serve one channel). */
export const PROVIDERS = ['imap', 'smtp', 'twilio', 'whatsapp-cloud', 'whatsapp-web', 'telegram', 'meta', 'chat'] as const;
export const ProviderSchema = z.enum(PROVIDERS).describe('The provider or protocol that handed the message to Tributary.');
export type Provider = z.infer<typeof ProviderSchema>;
