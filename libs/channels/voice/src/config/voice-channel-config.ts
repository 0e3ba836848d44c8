import { secret } from '@tributary/platform-config';
import { z } from 'zod';
import { PhoneLinesSchema } from './phone-line.schema';

const httpUrl = z.url({ protocol: /^https?$/ });

/** Variables of the phone channel, validated at boot. */
export const voiceChannelConfigShape = {
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, 'must be a Twilio account SID (AC + 32 hex digits)').describe('Twilio account SID'),
  TWILIO_AUTH_TOKEN: secret(z.string().min(16, 'must be the account auth token').describe('Twilio auth token: signs webhooks and authenticates API calls')),
  TWILIO_API_BASE_URL: httpUrl.default('https://api.twilio.com').describe('Twilio REST API base URL (a local emulation in tests)'),
  TWILIO_WEBHOOK_BASE_URL: httpUrl
    .transform((url) => url.replace(/\/+$/, ''))
    .describe('Public base URL Twilio calls (as configured in Twilio, before any TLS-terminating proxy); signatures are checked against it'),
  TWILIO_NUMBERS: PhoneLinesSchema.describe('JSON object from E.164 number to {"tenantId", greetings, businessHours}'),
  SPOOL_DIR: z.string().min(1).default('.local/spool/voice-ingest').describe('Directory of the local spool that holds webhooks while Kafka is away'),
  SPOOL_MAX_BYTES: z.coerce.number().int().min(4096).default(256 * 1024 * 1024).describe('Spool size limit; webhooks get 503 when it is reached'),
  HANDOFF_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(1_000).describe('How long a webhook waits for Kafka before it spools instead'),
};

export type VoiceChannelConfig = z.infer<z.ZodObject<typeof voiceChannelConfigShape>>;
