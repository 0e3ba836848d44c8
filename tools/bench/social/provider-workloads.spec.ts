import { createHmac } from 'node:crypto';
import type { BenchWebhook } from './bench-webhook';
import { benchTagIn } from './bench-message.text';
import type { ProviderWorkload } from './provider-workload';
import { providerWorkloads } from './provider-workloads';
import { SOCIAL_PROVIDERS, type SocialProvider } from './social-provider';

const RUN = 'c0ffee01';
const workloads = new Map(providerWorkloads(SOCIAL_PROVIDERS, RUN).map((workload): [SocialProvider, ProviderWorkload] => [workload.provider, workload]));
const workloadOf = (provider: SocialProvider): ProviderWorkload => workloads.get(provider) as ProviderWorkload;
const bodyOf = (webhook: BenchWebhook): unknown => JSON.parse(webhook.rawBody.toString('utf8'));

/** Both batches of one workload, as the bench builds them: warm-up first, then the measured run. */
function batches(workload: ProviderWorkload): BenchWebhook[] {
  return [...workload.webhooks({ count: 6, senders: 4, label: 'w' }), ...workload.webhooks({ count: 6, senders: 4, label: 'm' })];
}

/** X-Hub-Signature-256 as Meta computes it: HMAC-SHA256 of the exact bytes under the app secret. */
function metaSignature(rawBody: Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

describe('the providers’ bench workloads', () => {
  it.each(SOCIAL_PROVIDERS)('%s: every webhook carries a tag of its own in its text, for a tenant of this run and provider', (provider) => {
    const workload = workloadOf(provider);
    const webhooks = batches(workload);
    expect(new Set(webhooks.map((webhook) => webhook.tag)).size).toBe(webhooks.length);
    for (const webhook of webhooks) expect(benchTagIn(JSON.stringify(bodyOf(webhook)))).toBe(webhook.tag);
    expect(workload.tenantId).toBe(`wbench-${RUN}-${provider}`);
  });

  it('whatsapp: Meta-signed over the exact bytes, for the configured number', () => {
    const workload = workloadOf('whatsapp');
    const [webhook] = batches(workload);
    expect(webhook?.headers['x-hub-signature-256']).toBe(metaSignature(webhook?.rawBody ?? Buffer.alloc(0), workload.env['WHATSAPP_CLOUD_APP_SECRETS'] ?? ''));
    expect(webhook?.rawBody.toString('utf8')).toContain('\\u00fc');
  });

  it('telegram: Update JSON with growing update ids, a new message id per chat, and the bot’s secret token', () => {
    const workload = workloadOf('telegram');
    const webhooks = batches(workload);
    const updates = webhooks.map((webhook) => bodyOf(webhook) as { update_id: number; message: { message_id: number; chat: { id: number }; text: string } });
    const ids = updates.map((update) => update.update_id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(updates.map((update) => `${update.message.chat.id}:${update.message.message_id}`)).size).toBe(updates.length);
    expect(webhooks.every((webhook) => webhook.headers['x-telegram-bot-api-secret-token'] === workload.env['TELEGRAM_WEBHOOK_SECRET_TOKENS'])).toBe(true);
    expect(workload.webhookPath).toBe(`/telegram/webhook/${Object.keys(JSON.parse(workload.env['TELEGRAM_BOTS'] ?? '{}') as object)[0] ?? ''}`);
  });

  it.each([
    ['messenger', 'page'],
    ['instagram', 'instagram'],
  ] as const)('%s: object "%s", Meta-signed, for an account META_PAGES gives this provider’s tenant', (provider, object) => {
    const workload = workloadOf(provider);
    const pages = JSON.parse(workload.env['META_PAGES'] ?? '{}') as Record<string, { tenantId: string; channel: string }>;
    for (const webhook of batches(workload)) {
      const payload = bodyOf(webhook) as { object: string; entry: { id: string; messaging: { message: { mid: string } }[] }[] };
      expect(payload.object).toBe(object);
      expect(pages[payload.entry[0]?.id ?? '']).toEqual({ tenantId: workload.tenantId, channel: provider });
      expect(webhook.headers['x-hub-signature-256']).toBe(metaSignature(webhook.rawBody, workload.env['META_APP_SECRETS'] ?? ''));
    }
  });

  it('messenger and instagram share one Meta app: the same variables, so one social-ingest serves both', () => {
    expect(workloadOf('messenger').env).toEqual(workloadOf('instagram').env);
  });
});
