import { randomBytes, randomInt } from 'node:crypto';
import { messagingWebhook, signedMetaWebhook, textMessageEvent, type MetaBusinessAccount } from '@tributary/channel-social/testing';
import type { BenchWebhook, WebhookBatch } from './bench-webhook';
import { benchMessage } from './bench-message.text';
import { benchTenantId, PUBLIC_BASE_URL, UNREACHABLE_API, type ProviderWorkload } from './provider-workload';

type MetaChannel = MetaBusinessAccount['channel'];

/** Meta's ids are digits: a page id, an Instagram professional account id, and the customers' scoped ids (PSID, IGSID). */
const SHAPES: Readonly<Record<MetaChannel, { readonly title: string; readonly object: string; readonly accountPrefix: string; readonly customerPrefix: string; readonly customerDigits: number }>> = {
  messenger: { title: 'Messenger', object: 'page', accountPrefix: '104', customerPrefix: '7', customerDigits: 16 },
  instagram: { title: 'Instagram', object: 'instagram', accountPrefix: '17841', customerPrefix: '17', customerDigits: 17 },
};

/** One Meta app for the run: social-ingest's variables serve both channels at once, so they are one set. */
export interface MetaMessagingApp {
  /** A Messenger page and an Instagram account, each for the tenant of its own provider. */
  readonly env: Readonly<Record<string, string>>;
  workload(channel: MetaChannel): ProviderWorkload;
}

/**
 * Messenger and Instagram: Meta posts both to /meta/webhook, signed with X-Hub-Signature-256 over the
 * escaped bytes, as `{ object: 'page' | 'instagram', entry: [{ id, time, messaging: [event] }] }`;
 * each webhook here carries one customer's text message (a fresh mid) from one of `senders` in turn.
 */
export function metaMessagingApp(runId: string): MetaMessagingApp {
  const appSecret = `bench-meta-secret-${randomBytes(12).toString('hex')}`;
  const accounts: Record<MetaChannel, MetaBusinessAccount> = {
    messenger: { id: `${SHAPES.messenger.accountPrefix}${digits(12)}`, channel: 'messenger' },
    instagram: { id: `${SHAPES.instagram.accountPrefix}${digits(12)}`, channel: 'instagram' },
  };
  const pageToken = `EAAG${randomBytes(24).toString('hex')}`;
  const env = {
    META_PAGES: JSON.stringify(Object.fromEntries(Object.values(accounts).map((account) => [account.id, { tenantId: benchTenantId(runId, account.channel), channel: account.channel }]))),
    META_PAGE_TOKENS: JSON.stringify(Object.fromEntries(Object.values(accounts).map((account) => [account.id, pageToken]))),
    META_APP_SECRETS: appSecret,
    META_VERIFY_TOKEN: `bench-verify-${randomBytes(12).toString('hex')}`,
    META_WEBHOOK_BASE_URL: PUBLIC_BASE_URL,
    META_GRAPH_BASE_URL: UNREACHABLE_API,
  };
  return {
    env,
    workload: (channel) => {
      const account = accounts[channel];
      const shape = SHAPES[channel];
      const customerBase = `${shape.customerPrefix}${digits(shape.customerDigits - shape.customerPrefix.length - 6)}`;
      return {
        provider: channel,
        title: shape.title,
        requests: `Meta-signed webhooks (object "${shape.object}", one text message event each; X-Hub-Signature-256 over Meta-escaped JSON) to /meta/webhook`,
        retriedBy: 'Meta',
        tenantId: benchTenantId(runId, channel),
        env,
        webhookPath: '/meta/webhook',
        webhooks: (batch: WebhookBatch): BenchWebhook[] =>
          Array.from({ length: batch.count }, (_, index) => {
            const { tag, text } = benchMessage(batch.label, index);
            const customerId = `${customerBase}${String(index % batch.senders).padStart(6, '0')}`;
            return { ...signedMetaWebhook(messagingWebhook(account, textMessageEvent(account, customerId, text)), appSecret), tag };
          }),
      };
    },
  };
}

function digits(count: number): string {
  return Array.from({ length: count }, () => String(randomInt(10))).join('');
}
