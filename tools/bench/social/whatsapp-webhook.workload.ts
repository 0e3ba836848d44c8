import { signedMetaWebhook, textMessageWebhook, type WhatsappBusinessNumber, type WhatsappCustomer } from '@tributary/channel-social/testing';

/** One webhook ready to post: Meta's exact bytes, their signature, and the record it must become. */
export interface BenchWebhook {
  readonly rawBody: Buffer;
  readonly headers: Record<string, string>;
  /** The InboundMessage v1 dedupe key social-ingest derives from the wamid (see the social normalizer). */
  readonly dedupeKey: string;
}

export interface WorkloadOptions {
  readonly count: number;
  readonly senders: number;
  readonly number: WhatsappBusinessNumber;
  readonly appSecret: string;
  /** Distinguishes this batch's customers from another batch's (warm-up vs. measured run). */
  readonly label: string;
}

/**
 * `count` signed text-message webhooks, each a new message (a fresh wamid) from one of `senders`
 * German mobile numbers in turn. The text carries non-ASCII, so every body goes through Meta's
 * escaping and the signature check covers the escaped bytes. Built up front, so the load loop only posts.
 */
export function buildWhatsappWorkload(options: WorkloadOptions): BenchWebhook[] {
  const customers: WhatsappCustomer[] = Array.from({ length: options.senders }, (_, index) => ({
    waId: `49151${String(index).padStart(8, '0')}`,
    name: `Kundin ${index} Müller`,
  }));
  return Array.from({ length: options.count }, (_, index) => {
    const customer = customers[index % customers.length] as WhatsappCustomer;
    const { payload, messageId } = textMessageWebhook(options.number, customer, `Bestellung ${options.label}-${index}: wo bleibt mein Paket? 📦 Grüße`);
    const signed = signedMetaWebhook(payload, options.appSecret);
    return { rawBody: signed.rawBody, headers: signed.headers, dedupeKey: `whatsapp-cloud:${messageId}` };
  });
}
