import { TenantIdSchema } from '@tributary/contracts';
import { jsonSetting, secret } from '@tributary/platform-config';
import { z } from 'zod';

const baseUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));
/** Page ids and Instagram professional account ids are numeric strings (Graph object ids). */
const ACCOUNT_ID = /^\d{1,32}$/;


export const MetaAccountSchema = z.object({
  tenantId: TenantIdSchema,
  /** The webhook's `object` and the reply's channel: `page` webhooks are Messenger, `instagram` ones Instagram. */
  channel: z.enum(['messenger', 'instagram']),
  /**
   * The page was granted Meta's Human Agent feature: agents' replies may then go out up to 7 days
   * after the customer's last message (MESSAGE_TAG HUMAN_AGENT) instead of 24 hours.
   */
  humanAgentTag: z.boolean().default(false),
});
export type MetaAccount = z.infer<typeof MetaAccountSchema>;

const commaList = z
  .string()
  .transform((raw) => raw.split(',').map((part) => part.trim()).filter((part) => part !== ''))
  .pipe(z.array(z.string().min(16, 'each app secret must be the Meta app secret (at least 16 characters)')).min(1, 'must name at least one app secret'));

/**
 * Page access tokens by page id (an Instagram account's key is its own id, the value the token of the
 * Facebook page it is linked to). One secret() variable holding JSON: a variable per page would not be
 * declared and so not masked. The platform masks the whole value and each of its string values.
 */
const PageTokensSchema = z.record(
  z.string().regex(ACCOUNT_ID, 'keys must be page or Instagram account ids (digits)'),
  z.string().min(32, 'each value must be a page access token').max(1024).regex(/^[A-Za-z0-9_\-.|]+$/, 'each value must be a page access token (no spaces or quotes)'),
);

/** Messenger's and Instagram's variables, validated at boot with the app's own (loadConfig names a bad one). */
export const metaMessagingConfigShape = {
  META_PAGES: jsonSetting(z.record(z.string().regex(ACCOUNT_ID, 'keys must be page or Instagram account ids (digits)'), MetaAccountSchema))
    .optional()
    .describe('JSON object from each Facebook page id or Instagram account id to {"tenantId", "channel": "messenger"|"instagram", "humanAgentTag"?: boolean}; unset turns Messenger and Instagram off'),
  META_PAGE_TOKENS: secret(jsonSetting(PageTokensSchema).optional().describe('JSON object from each key of META_PAGES to its page access token (for Instagram: the linked page\'s)')),
  META_APP_SECRETS: secret(commaList.optional().describe('Comma-separated Meta app secrets that sign Messenger and Instagram webhooks (two while one is rotated)')),
  META_VERIFY_TOKEN: secret(z.string().min(16, 'must be at least 16 characters').optional().describe('The verify token entered with the callback URL in the Meta app')),
  META_WEBHOOK_BASE_URL: baseUrl.optional().describe('Public base URL Meta calls for /meta/webhook (before any TLS-terminating proxy)'),
  META_GRAPH_BASE_URL: baseUrl.default('https://graph.facebook.com').describe('Graph API base URL for the Send API (a local emulation in tests)'),
  META_API_VERSION: z.string().regex(/^v\d{1,3}\.\d{1,2}$/, 'must be a Graph API version such as v23.0').default('v23.0').describe('Graph API version'),
  META_MEDIA_HOSTS: z
    .string()
    // Attachment URLs in Messenger and Instagram webhooks are signed CDN URLs on these hosts, fetched without a token.
    .default('*.fbcdn.net,lookaside.fbsbx.com,*.cdninstagram.com')
    .transform((raw) => raw.split(',').map((host) => host.trim()).filter((host) => host !== ''))
    .describe('Comma-separated hosts attachment URLs may point at (never sent a token)'),
  META_MEDIA_DEADLINE_MS: z.coerce.number().int().min(100).max(15_000).default(4_000).describe("Time a webhook's attachments may take before they are retried in the background"),
};

export type MetaMessagingConfig = z.infer<z.ZodObject<typeof metaMessagingConfigShape>>;

/** The variables that must all be set once META_PAGES turns Messenger and Instagram on. */
export const META_MESSAGING_REQUIRED = ['META_PAGE_TOKENS', 'META_APP_SECRETS', 'META_VERIFY_TOKEN', 'META_WEBHOOK_BASE_URL'] as const;

/**
 * What is wrong across the variables (for the app's configProblems): every page needs its token, and
 * a token for no page is a typo waiting to be found in production. Names variables and ids, never tokens.
 */
export function metaMessagingConfigProblems(config: Pick<MetaMessagingConfig, 'META_PAGES' | 'META_PAGE_TOKENS'>): string[] {
  const pages = Object.keys(config.META_PAGES ?? {});
  const tokens = Object.keys(config.META_PAGE_TOKENS ?? {});
  return [
    ...pages.filter((id) => !tokens.includes(id)).map((id) => `META_PAGE_TOKENS: no token for ${id} of META_PAGES`),
    ...tokens.filter((id) => !pages.includes(id)).map((id) => `META_PAGE_TOKENS: ${id} is not in META_PAGES`),
  ];
}
