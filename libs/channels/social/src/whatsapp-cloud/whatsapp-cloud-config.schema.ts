import { TenantIdSchema } from '@tributary/contracts';
import { jsonSetting, secret } from '@tributary/platform-config';
import { z } from 'zod';

const baseUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));


const TemplateSchema = z.object({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be an approved template name (lower case, digits, underscores)'),
  language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a template language code such as en or en_US'),
});

export const WhatsappNumberSchema = z.object({
  tenantId: TenantIdSchema,
  /**
   * Sent instead of a free-form reply once the customer's 24-hour window has closed. Without one,
   * such a reply fails visibly on the ticket (WhatsApp would refuse it with 131047 anyway).
   */
  reengagementTemplate: TemplateSchema.optional(),
});
export type WhatsappNumber = z.infer<typeof WhatsappNumberSchema>;

const commaList = z
  .string()
  .transform((raw) => raw.split(',').map((part) => part.trim()).filter((part) => part !== ''))
  .pipe(z.array(z.string().min(16, 'each app secret must be the Meta app secret (at least 16 characters)')).min(1, 'must name at least one app secret'));

/** WhatsApp Cloud API's variables, validated at boot with the app's own (loadConfig names a bad one). */
export const whatsappCloudConfigShape = {
  WHATSAPP_CLOUD_NUMBERS: jsonSetting(z.record(z.string().regex(/^\d{1,32}$/, 'keys must be phone-number ids (digits)'), WhatsappNumberSchema))
    .optional()
    .describe('JSON object from each WhatsApp phone-number id to {"tenantId", "reengagementTemplate"?: {"name", "language"}}; unset turns the channel off'),
  WHATSAPP_CLOUD_GRAPH_BASE_URL: baseUrl.default('https://graph.facebook.com').describe('Graph API base URL (a local emulation in tests)'),
  WHATSAPP_CLOUD_API_VERSION: z.string().regex(/^v\d{1,3}\.\d{1,2}$/, 'must be a Graph API version such as v23.0').default('v23.0').describe('Graph API version'),
  WHATSAPP_CLOUD_ACCESS_TOKEN: secret(z.string().min(16, 'must be a system-user access token').optional().describe('Access token of a system user with every configured number')),
  WHATSAPP_CLOUD_APP_SECRETS: secret(commaList.optional().describe('Comma-separated Meta app secrets that sign webhooks (two while one is rotated)')),
  WHATSAPP_CLOUD_VERIFY_TOKEN: secret(z.string().min(16, 'must be at least 16 characters').optional().describe('The verify token entered with the callback URL in the Meta app')),
  WHATSAPP_CLOUD_WEBHOOK_BASE_URL: baseUrl.optional().describe('Public base URL Meta calls (before any TLS-terminating proxy)'),
  WHATSAPP_CLOUD_MEDIA_HOSTS: z
    .string()
    .default('lookaside.fbsbx.com')
    .transform((raw) => raw.split(',').map((host) => host.trim()).filter((host) => host !== ''))
    .describe('Comma-separated hosts media download URLs may point at (they receive the access token)'),
  WHATSAPP_CLOUD_MEDIA_DEADLINE_MS: z.coerce.number().int().min(100).max(20_000).default(4_000).describe("Time a webhook's media may take before they are retried in the background"),
};

export type WhatsappCloudConfig = z.infer<z.ZodObject<typeof whatsappCloudConfigShape>>;

/** The variables that must all be set once WHATSAPP_CLOUD_NUMBERS turns the channel on. */
export const WHATSAPP_CLOUD_REQUIRED = ['WHATSAPP_CLOUD_ACCESS_TOKEN', 'WHATSAPP_CLOUD_APP_SECRETS', 'WHATSAPP_CLOUD_VERIFY_TOKEN', 'WHATSAPP_CLOUD_WEBHOOK_BASE_URL'] as const;
