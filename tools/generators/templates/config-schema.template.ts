import type { ProviderNames } from '../provider-names';

/** `<provider>-config.schema.ts`: the provider's environment variables. */
export function configSchemaTemplate(n: ProviderNames): string {
  const v = n.constant;
  return `import { TenantIdSchema } from '@tributary/contracts';
import { secret } from '@tributary/platform-config';
import { z } from 'zod';

const baseUrl = z
  .url({ protocol: /^https?$/ })
  .transform((url) => url.replace(/\\/+$/, ''));

const InboxesSchema = z
  .string()
  .transform((raw, ctx) => {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().min(1).max(512), TenantIdSchema));

/** ${n.provider}'s variables, validated at boot with the app's own (loadConfig names a bad one). */
export const ${n.camel}ConfigShape = {
  ${v}_API_BASE_URL: baseUrl.describe('${n.provider} API base URL (the local emulation in tests)'),
  ${v}_API_TOKEN: secret(z.string().min(16, 'must be the API token').describe('Token Tributary authenticates to the ${n.provider} API with')),
  ${v}_WEBHOOK_SECRET: secret(z.string().min(16, 'must be the webhook signing secret').describe('Secret ${n.provider} signs its webhooks with')),
  ${v}_WEBHOOK_BASE_URL: baseUrl.describe('Public base URL ${n.provider} calls (as configured there, before any TLS-terminating proxy)'),
  ${v}_INBOXES: InboxesSchema.describe('JSON object from each address that receives messages (number, page, bot) to its tenant id'),
};
`;
}
