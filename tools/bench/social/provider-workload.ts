import type { BenchWebhook, WebhookBatch } from './bench-webhook';
import type { SocialProvider } from './social-provider';

/** One provider as the benchmark drives it: how social-ingest serves it, and the webhooks it posts. */
export interface ProviderWorkload {
  readonly provider: SocialProvider;
  /** The report's name for it, e.g. "WhatsApp Cloud API". */
  readonly title: string;
  /** What each request is, for the report. */
  readonly requests: string;
  /** Who posts a webhook again when it is not answered 200: why the webhook hand-off needs no spool. */
  readonly retriedBy: 'Meta' | 'Telegram';
  /** The tenant this provider's account serves: its records on the topic are this run's and this provider's. */
  readonly tenantId: string;
  /** social-ingest's variables that turn the provider on for the tenant; no request ever leaves social-ingest. */
  readonly env: Readonly<Record<string, string>>;
  /** Where the provider posts, under social-ingest's base URL. */
  readonly webhookPath: string;
  /** The batch's webhooks, built up front so the load loop only posts. Successive batches continue one another. */
  webhooks(batch: WebhookBatch): BenchWebhook[];
}

/** A fresh tenant per run and provider, so leftovers of other runs and providers never count. */
export function benchTenantId(runId: string, provider: SocialProvider): string {
  return `wbench-${runId}-${provider}`;
}

/**
 * Where a social-ingest answers no call: the Graph API and the Bot API. Text messages need no media
 * download and the bench sends no replies; Telegram's setWebhook at boot fails and is logged, not fatal.
 */
export const UNREACHABLE_API = 'http://127.0.0.1:1';

/** The public base URL the webhook verifiers see (before any TLS-terminating proxy). */
export const PUBLIC_BASE_URL = 'https://social.example.com';
