import { z } from 'zod';
import { E164PhoneSchema } from './common.schema';
import { EmailIdentityValueSchema } from './email-address.schema';

/**
 * One way to reach a contact. Phone-like identities are E.164 so SMS, a call and WhatsApp from one
 * number resolve to one contact; emails are lower-cased so case never splits a contact.
 */
export const ContactIdentitySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), value: EmailIdentityValueSchema }),
  z.object({ kind: z.literal('phone'), value: E164PhoneSchema }),
  z.object({ kind: z.literal('whatsapp'), value: E164PhoneSchema }),
  z.object({
    kind: z.literal('whatsapp-user'),
    value: z
      .string()
      .regex(/^[A-Z]{2}(\.ENT)?\.[A-Za-z0-9]{1,128}$/, 'must be a WhatsApp business-scoped user id (e.g. US.13491208655302741918)')
      .describe("WhatsApp's business-scoped user id: stable for one business, sent with or (when the user hides it) without the phone number."),
  }),
  z.object({ kind: z.literal('telegram'), value: z.string().regex(/^\d{1,20}$/, 'must be a Telegram user id') }),
  z.object({ kind: z.literal('messenger'), value: z.string().regex(/^\d{1,32}$/, 'must be a page-scoped id') }),
  z.object({ kind: z.literal('instagram'), value: z.string().regex(/^\d{1,32}$/, 'must be an Instagram-scoped id') }),
  z.object({
    kind: z.literal('chat-user'),
    value: z.string().min(1).max(256),
    verified: z.boolean().describe('True when the app vouched for this user with a valid HMAC or JWT.'),
  }),
]);
export type ContactIdentity = z.infer<typeof ContactIdentitySchema>;
export type ContactIdentityKind = ContactIdentity['kind'];
