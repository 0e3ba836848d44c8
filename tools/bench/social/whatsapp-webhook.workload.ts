import { randomBytes } from 'node:crypto';
import { signedMetaWebhook, textMessageWebhook, type WhatsappBusinessNumber, type WhatsappCustomer } from '@tributary/channel-social/testing';
import type { BenchWebhook, WebhookBatch } from './bench-webhook';
import { benchMessage } from './bench-message.text';
import { benchTenantId, PUBLIC_BASE_URL, UNREACHABLE_API, type ProviderWorkload } from './provider-workload';

/**
 * WhatsApp Cloud API: one business number for the run's tenant, and Meta-signed text-message
 * webhooks, each a new message (a fresh wamid) from one of `senders` German mobile numbers in turn.
 * The body goes through Meta's escaping, so the signature check covers the escaped bytes.
 */
export function whatsappWorkload(runId: string): ProviderWorkload {
  const tenantId = benchTenantId(runId, 'whatsapp');
  const appSecret = `bench-secret-${randomBytes(12).toString('hex')}`;
  const number: WhatsappBusinessNumber = { phoneNumberId: String(300_000_000_000 + Math.floor(Math.random() * 1e9)), displayPhoneNumber: '15550783899', wabaId: '102290129340398' };
  return {
    provider: 'whatsapp',
    title: 'WhatsApp Cloud API',
    requests: 'Meta-signed text-message webhooks (X-Hub-Signature-256 over Meta-escaped JSON) to /whatsapp-cloud/webhook',
    retriedBy: 'Meta',
    tenantId,
    env: {
      WHATSAPP_CLOUD_NUMBERS: JSON.stringify({ [number.phoneNumberId]: { tenantId } }),
      WHATSAPP_CLOUD_GRAPH_BASE_URL: UNREACHABLE_API,
      WHATSAPP_CLOUD_ACCESS_TOKEN: `bench-token-${randomBytes(12).toString('hex')}`,
      WHATSAPP_CLOUD_APP_SECRETS: appSecret,
      WHATSAPP_CLOUD_VERIFY_TOKEN: `bench-verify-${randomBytes(12).toString('hex')}`,
      WHATSAPP_CLOUD_WEBHOOK_BASE_URL: PUBLIC_BASE_URL,
    },
    webhookPath: '/whatsapp-cloud/webhook',
    webhooks: (batch: WebhookBatch): BenchWebhook[] => {
      const customers: WhatsappCustomer[] = Array.from({ length: batch.senders }, (_, index) => ({ waId: `49151${String(index).padStart(8, '0')}`, name: `Kundin ${index} Müller` }));
      return Array.from({ length: batch.count }, (_, index) => {
        const { tag, text } = benchMessage(batch.label, index);
        const { payload } = textMessageWebhook(number, customers[index % customers.length] as WhatsappCustomer, text);
        return { ...signedMetaWebhook(payload, appSecret), tag };
      });
    },
  };
}
