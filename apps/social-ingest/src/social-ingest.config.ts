import { mediaRetryConfigShape } from '@tributary/channel-kit';
import { META_MESSAGING_REQUIRED, metaMessagingConfigProblems, metaMessagingConfigShape, resolveTelegramBots, telegramConfigShape, WHATSAPP_CLOUD_REQUIRED, WHATSAPP_WEB_REQUIRED, whatsappCloudConfigShape, whatsappWebConfigShape } from '@tributary/channel-social';
import type { AppConfig } from '@tributary/platform-app';
import { blobStoreConfigShape } from '@tributary/platform-blob-store';
import { databaseConfigShape, secret, type ConfigProblem } from '@tributary/platform-config';
import { z } from 'zod';

export const socialIngestConfigSchema = z.object({
  ...whatsappCloudConfigShape,
  ...whatsappWebConfigShape,
  ...telegramConfigShape,
  ...metaMessagingConfigShape,
  WHATSAPP_WEB_OPERATOR_TOKEN: secret(
    z.string().min(16, 'must be at least 16 characters').optional().describe('Bearer token of GET /whatsapp-web/sessions, where operators see each number’s state and login QR'),
  ),
  WHATSAPP_WEB_SPOOL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(4096)
    .default(64 * 1024 * 1024)
    .describe('Spool (under WHATSAPP_WEB_AUTH_DIR) holding whatsapp-web.js messages while Kafka is away: WhatsApp Web does not send them again'),
  ...mediaRetryConfigShape,
  ...blobStoreConfigShape,
  ...databaseConfigShape,
  SOCIAL_HANDOFF_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(15_000)
    .default(8_000)
    .describe('How long a webhook waits for Kafka before it is refused (503) and the provider retries it'),
  SOCIAL_OUTBOUND_CONSUMER_GROUP: z
    .string()
    .regex(/^[a-zA-Z0-9._-]{1,200}$/)
    .default('tributary-social-ingest-outbound')
    .describe('Kafka consumer group of the reply loop; every replica of one deployment shares it'),
  SOCIAL_MAX_MEDIA_BYTES: z.coerce.number().int().min(1024).default(100 * 1024 * 1024).describe('Largest WhatsApp media copied into the blob store'),
});

export type SocialIngestConfig = AppConfig<typeof socialIngestConfigSchema>;

/** Each provider is off until its numbers are configured; once they are, everything it needs must be set too. */
export function socialIngestConfigProblems(config: SocialIngestConfig): ConfigProblem[] {
  const required = (variables: readonly (keyof SocialIngestConfig)[], because: string): ConfigProblem[] =>
    variables.filter((variable) => config[variable] === undefined).map((variable) => ({ variable: String(variable), message: `is required when ${because} is set` }));
  return [
    ...(config.WHATSAPP_CLOUD_NUMBERS === undefined ? [] : required(WHATSAPP_CLOUD_REQUIRED, 'WHATSAPP_CLOUD_NUMBERS')),
    ...(config.WHATSAPP_WEB_NUMBERS === undefined ? [] : required([...WHATSAPP_WEB_REQUIRED, 'WHATSAPP_WEB_OPERATOR_TOKEN'], 'WHATSAPP_WEB_NUMBERS')),
    ...resolveTelegramBots(config).problems,
    ...(config.META_PAGES === undefined ? [] : [...required(META_MESSAGING_REQUIRED, 'META_PAGES'), ...metaMessagingConfigProblems(config).map((message) => ({ variable: 'META_PAGE_TOKENS', message }))]),
  ];
}
