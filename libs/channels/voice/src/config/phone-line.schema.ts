import { E164_PATTERN, TenantIdSchema } from '@tributary/contracts';
import { z } from 'zod';

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
});

export type PhoneLine = z.infer<typeof PhoneLineSchema>;

/** TWILIO_NUMBERS: a JSON object from E.164 number to its line, e.g. {"+498912345678":{"tenantId":"acme"}}. */
export const PhoneLinesSchema = z
  .string()
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object from E.164 number to {"tenantId": …}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().regex(E164_PATTERN, 'keys must be E.164 numbers, e.g. +498912345678'), PhoneLineSchema))
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
