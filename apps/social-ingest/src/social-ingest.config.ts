import { mediaRetryConfigShape } from '@tributary/channel-kit';
import { WHATSAPP_CLOUD_REQUIRED, whatsappCloudConfigShape } from '@tributary/channel-social';
import type { AppConfig } from '@tributary/platform-app';
import { blobStoreConfigShape } from '@tributary/platform-blob-store';
import { databaseConfigShape, type ConfigProblem } from '@tributary/platform-config';
import { z } from 'zod';

export const socialIngestConfigSchema = z.object({
  ...whatsappCloudConfigShape,
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

/** WhatsApp is off until numbers are configured; once they are, everything it needs must be set too. */
export function socialIngestConfigProblems(config: SocialIngestConfig): ConfigProblem[] {
  if (config.WHATSAPP_CLOUD_NUMBERS === undefined) return [];
  return WHATSAPP_CLOUD_REQUIRED.filter((variable) => config[variable] === undefined).map((variable) => ({ variable, message: 'is required when WHATSAPP_CLOUD_NUMBERS is set' }));
}
