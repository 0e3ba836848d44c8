import { mediaRetryConfigShape } from '@tributary/channel-kit';
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
  TWILIO_NUMBERS: PhoneLinesSchema.describe('JSON object from E.164 number or short code (5–6 digits) to {"tenantId", greetings, businessHours}'),
  SPOOL_DIR: z.string().min(1).default('.local/spool/voice-ingest').describe('Directory of the local spool that holds webhooks while Kafka is away'),
  SPOOL_MAX_BYTES: z.coerce.number().int().min(4096).default(256 * 1024 * 1024).describe('Spool size limit; webhooks get 503 when it is reached'),
  HANDOFF_TIMEOUT_MS: z.coerce.number().int().min(50).max(10_000).default(1_000).describe('How long a webhook waits for Kafka before it spools instead'),
  // Twilio gives up on a webhook after 15 s. An MMS webhook's worst case: this deadline, up to 3 s
  // for the retry queue, then HANDOFF_TIMEOUT_MS before the spool takes the message (9 s with the
  // defaults); keep the sum of the two settings under 12 s.
  TWILIO_MMS_MEDIA_DEADLINE_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(8_000)
    .default(5_000)
    .describe("How long an MMS webhook waits for all of its media together; what is not stored by then is retried in the background and announced as pending (Twilio's limit is 15 s)"),
  TWILIO_MEDIA_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(8_000)
    .describe('Longest single download of MMS media or a recording (a background retry, a voicemail); an MMS webhook stops sooner at its deadline'),
  ...mediaRetryConfigShape,
};

export type VoiceChannelConfig = z.infer<z.ZodObject<typeof voiceChannelConfigShape>>;
