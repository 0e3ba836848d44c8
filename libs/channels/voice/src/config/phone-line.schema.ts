import { E164_PATTERN, TenantIdSchema } from '@tributary/contracts';
import { z } from 'zod';

/**
 * A number a line can be: E.164 (+498912345678) or a short code of 5 or 6 digits (384387), written
 * as Twilio writes it in a webhook's `To`: short codes are national, so they carry no + or country code.
 */
export const PHONE_LINE_NUMBER_PATTERN = new RegExp(`${E164_PATTERN.source}|^\\d{5,6}$`);

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

const BusinessHoursSchema = z.object({
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin'),
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  days: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
  open: clock,
  close: clock,
});

/** What one of the company's Twilio numbers belongs to and how it greets callers. */
export const PhoneLineSchema = z.object({
  tenantId: TenantIdSchema,
  displayName: z.string().max(256).optional(),
  greeting: z.string().min(1).max(1000).default('Thank you for calling. Please leave a message after the tone.'),
  afterHoursGreeting: z.string().min(1).max(1000).default('We are closed right now. Please leave a message after the tone.'),
  businessHours: BusinessHoursSchema.optional(),
  maxRecordingSeconds: z.number().int().min(5).max(3600).default(120),
  /**
   * The WhatsApp template (a Content API SID, HX…) sent instead of a reply once the customer's
   * 24-hour window has closed; without one, such a reply fails on the ticket with Twilio's 63016.
   */
  whatsappTemplateContentSid: z.string().regex(/^HX[0-9a-f]{32}$/, 'must be a Content SID (HX and 32 hex digits)').optional(),
});

export type PhoneLine = z.infer<typeof PhoneLineSchema>;

/**
 * TWILIO_NUMBERS: a JSON object from E.164 number or short code to its line, e.g.
 * {"+498912345678":{"tenantId":"acme"},"384387":{"tenantId":"acme"}}.
 */
export const PhoneLinesSchema = z
  .string()
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object from E.164 number or short code to {"tenantId": …}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string(), PhoneLineSchema))
  // Checked here rather than as the record's key schema, whose refusal reads only "Invalid key in record".
  .superRefine((lines, ctx) => {
    for (const number of Object.keys(lines)) {
      if (!PHONE_LINE_NUMBER_PATTERN.test(number)) {
        ctx.addIssue({ code: 'custom', path: [number], message: `${number}: keys must be E.164 numbers or 5–6 digit short codes, e.g. +498912345678 or 384387` });
      }
    }
  })
  .refine((lines) => Object.keys(lines).length > 0, 'must name at least one number');

export type PhoneLines = z.infer<typeof PhoneLinesSchema>;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
