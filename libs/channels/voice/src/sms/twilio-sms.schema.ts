import { E164_PATTERN } from '@tributary/contracts';
import { z } from 'zod';
import { PHONE_LINE_NUMBER_PATTERN } from '../config/phone-line.schema';

const e164 = z.string().regex(E164_PATTERN, 'must be an E.164 number');

/** The parameters Twilio posts for an incoming SMS or MMS (only those we read; others pass through). */
export const TwilioSmsWebhookSchema = z.looseObject({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/i, 'must be a Twilio message SID'),
  AccountSid: z.string().min(1),
  From: e164,
  // Our line: a number, or a short code (5–6 digits, as Twilio shows it).
  To: z.string().regex(PHONE_LINE_NUMBER_PATTERN, 'must be an E.164 number or a short code'),
  Body: z.string().max(1600).default(''),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  NumSegments: z.coerce.number().int().min(0).optional(),
});

export type TwilioSmsWebhook = z.infer<typeof TwilioSmsWebhookSchema>;
