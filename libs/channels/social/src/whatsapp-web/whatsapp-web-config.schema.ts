import { E164_PATTERN, TenantIdSchema } from '@tributary/contracts';
import { z } from 'zod';

const E164 = z.string().regex(E164_PATTERN, 'keys must be phone numbers in E.164 form, e.g. +4915112345678');

export const WhatsappWebNumberSchema = z.object({ tenantId: TenantIdSchema });
export type WhatsappWebNumber = z.infer<typeof WhatsappWebNumberSchema>;

const numbersJson = z
  .string()
  .transform((raw, ctx): unknown => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object such as {"+4915112345678": {"tenantId": "acme"}}' });
      return z.NEVER;
    }
  })
  .pipe(z.record(E164, WhatsappWebNumberSchema).refine((numbers) => Object.keys(numbers).length > 0, 'must name at least one number'));

const millis = (min: number, max: number, fallback: number): z.ZodDefault<z.ZodCoercedNumber<unknown>> => z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * whatsapp-web.js's variables, validated at boot with the app's own (loadConfig names a bad one).
 * The auth directory must outlive the pod (a persistent volume): it holds each number's linked-device
 * login, and losing it means scanning the QR again.
 */
export const whatsappWebConfigShape = {
  WHATSAPP_WEB_NUMBERS: numbersJson
    .optional()
    .describe('JSON object from each WhatsApp number (E.164) linked through whatsapp-web.js to {"tenantId"}; unset turns these sessions off'),
  WHATSAPP_WEB_AUTH_DIR: z.string().min(1).optional().describe("Persistent directory for the numbers' WhatsApp Web logins (LocalAuth), one sub-directory per number"),
  WHATSAPP_WEB_CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium').describe('Chromium binary whatsapp-web.js drives (never downloaded)'),
  WHATSAPP_WEB_RECONNECT_INITIAL_MS: millis(100, 600_000, 2_000).describe('First wait before a new Client after a disconnect or a failed start; doubles per failure'),
  WHATSAPP_WEB_RECONNECT_MAX_MS: millis(100, 3_600_000, 120_000).describe('Longest wait between two Clients of one number'),
  WHATSAPP_WEB_START_TIMEOUT_MS: millis(1_000, 900_000, 120_000).describe('A Client that has shown neither a QR nor a login by then is abandoned and started again'),
  WHATSAPP_WEB_LEASE_RETRY_MS: millis(100, 600_000, 5_000).describe("How often a replica tries to take a number another replica holds (the takeover time after the holder dies)"),
  WHATSAPP_WEB_LEASE_CHECK_MS: millis(100, 600_000, 5_000).describe('How often the holder checks it still holds its numbers (a lost lease closes the Client at once)'),
  WHATSAPP_WEB_PENDING_POLL_MS: millis(100, 60_000, 1_000).describe('How often the holder of a number sends the replies other replicas stored for it'),
};

export type WhatsappWebConfig = z.infer<z.ZodObject<typeof whatsappWebConfigShape>>;

/** The variables that must be set once WHATSAPP_WEB_NUMBERS turns the sessions on. */
export const WHATSAPP_WEB_REQUIRED = ['WHATSAPP_WEB_AUTH_DIR'] as const;
