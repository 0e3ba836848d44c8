import { voiceChannelConfigShape } from '@tributary/channel-voice';
import type { AppConfig } from '@tributary/platform-app';
import { blobStoreConfigShape } from '@tributary/platform-blob-store';
import { databaseConfigShape } from '@tributary/platform-config';
import { z } from 'zod';

export const voiceIngestConfigSchema = z.object({
  ...voiceChannelConfigShape,
  ...blobStoreConfigShape,
  ...databaseConfigShape,
  TWILIO_MAX_MEDIA_BYTES: z.coerce.number().int().min(1024).default(50 * 1024 * 1024).describe('Largest MMS media or recording copied into the blob store'),
  VOICE_TRANSCRIPTION_WAIT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(600)
    .describe("How long a recorded voicemail waits for Twilio's transcription before it is handed off without one (1 to 86400)"),
});

export type VoiceIngestConfig = AppConfig<typeof voiceIngestConfigSchema>;
