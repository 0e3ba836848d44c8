import { z } from 'zod';

/** Why an attachment could not be stored: a code a program can branch on and a message for a person. */
export const AttachmentErrorSchema = z.object({
  code: z.string().min(1).max(64).describe('e.g. TIMEOUT, NETWORK, GONE, TOO_LARGE, HTTP_STATUS, RETRY_UNAVAILABLE'),
  message: z.string().max(2048),
});
export type AttachmentError = z.infer<typeof AttachmentErrorSchema>;
