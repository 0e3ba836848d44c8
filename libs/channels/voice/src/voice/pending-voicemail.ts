import { z } from 'zod';

/**
 * A completed recording still waiting for its transcription callback. From/To are optional because
 * Twilio's recording status callback does not carry them; they are then looked up at hand-off time.
 */
export const PendingVoicemailSchema = z.object({
  callSid: z.string().regex(/^CA[0-9a-f]{32}$/i),
  recordingSid: z.string().regex(/^RE[0-9a-f]{32}$/i),
  recordingUrl: z.url(),
  from: z.string().optional(),
  to: z.string().optional(),
  durationSeconds: z.number().int().min(0),
  receivedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
});

export type PendingVoicemail = z.infer<typeof PendingVoicemailSchema>;
