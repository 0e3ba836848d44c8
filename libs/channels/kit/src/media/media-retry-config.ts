import { z } from 'zod';

/** The background media retry's variables, the same in every ingest app that stores provider media. */
export const mediaRetryConfigShape = {
  MEDIA_RETRY_ATTEMPTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(8)
    .describe("Download attempts in all for media that failed in a way that may pass (the webhook's own included); after the last the attachment is reported failed with its reason"),
  MEDIA_RETRY_BACKOFF_MS: z.coerce.number().int().min(10).default(30_000).describe('Wait before the first background retry of media; it doubles with each further failure'),
  MEDIA_RETRY_MAX_BACKOFF_MS: z.coerce.number().int().min(10).default(3_600_000).describe('Longest wait between two retries of media (the doubling stops here)'),
};

export type MediaRetryConfig = z.infer<z.ZodObject<typeof mediaRetryConfigShape>>;
