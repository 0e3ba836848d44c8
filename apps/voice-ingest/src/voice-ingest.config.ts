import { voiceChannelConfigShape } from '@tributary/channel-voice';
import type { AppConfig } from '@tributary/platform-app';
import { blobStoreConfigShape } from '@tributary/platform-blob-store';
import { z } from 'zod';

export const voiceIngestConfigSchema = z.object({
  ...voiceChannelConfigShape,
  ...blobStoreConfigShape,
  TWILIO_MAX_MEDIA_BYTES: z.coerce.number().int().min(1024).default(50 * 1024 * 1024).describe('Largest MMS media or recording copied into the blob store'),
});

export type VoiceIngestConfig = AppConfig<typeof voiceIngestConfigSchema>;
