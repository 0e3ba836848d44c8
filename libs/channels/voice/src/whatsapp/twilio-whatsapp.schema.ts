import { E164_PATTERN } from '@tributary/contracts';
import { z } from 'zod';

const WHATSAPP_NUMBER = new RegExp(`^whatsapp:${E164_PATTERN.source.replace(/^\^/, '')}`);
/** WhatsApp's business-scoped user id, in `From` when the customer hides the number (`whatsapp:US.1349…`). */
const WHATSAPP_USER = /^whatsapp:[A-Z]{2}(\.ENT)?\.[A-Za-z0-9]{1,128}$/;

/** True for a Twilio messaging webhook that came over WhatsApp rather than SMS. */
export function isTwilioWhatsapp(params: Readonly<Record<string, string>>): boolean {
  return params['From']?.startsWith('whatsapp:') === true;
}

/**
 * The parameters Twilio posts for an incoming WhatsApp message (only those we read): `From`/`To`
 * carry the `whatsapp:` prefix; `WaId` is the sender's number without "+", `ProfileName` their name.
 */
export const TwilioWhatsappWebhookSchema = z.looseObject({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/i, 'must be a Twilio message SID'),
  AccountSid: z.string().min(1),
  From: z.string().refine((from) => WHATSAPP_NUMBER.test(from) || WHATSAPP_USER.test(from), 'must be whatsapp: and an E.164 number or a business-scoped user id'),
  To: z.string().regex(WHATSAPP_NUMBER, 'must be whatsapp: and an E.164 number'),
  Body: z.string().default(''),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  WaId: z.string().regex(/^\d{6,20}$/).optional(),
  ProfileName: z.string().optional(),
  ButtonText: z.string().optional(),
  ButtonPayload: z.string().optional(),
  Latitude: z.coerce.number().optional(),
  Longitude: z.coerce.number().optional(),
  Address: z.string().optional(),
  Label: z.string().optional(),
  OriginalRepliedMessageSid: z.string().optional(),
});

export type TwilioWhatsappWebhook = z.infer<typeof TwilioWhatsappWebhookSchema>;
