import { signedMetaWebhook } from '../../whatsapp-cloud/emulation/meta-json.util';

/** Meta retries for up to 7 days; a test cannot wait that long, so a few quick tries stand for it. */
const RETRY_DELAYS_MS = [50, 150, 400] as const;
/** Kept for inspection; older ones are dropped so a long local run stays small. */
const MAX_KEPT = 1000;

/** A webhook and how its delivery ended: `httpStatus` 0 when no answer came (or no URL was set). */
export interface PostedWebhook {
  readonly payload: unknown;
  readonly attempts: number;
  readonly httpStatus: number;
}

/**
 * Posts webhooks one after another, each answered before the next goes, signed as Meta signs them
 * (escaped JSON bytes, X-Hub-Signature-256 under the app secret), so the order posted is the order the
 * app sees. One not answered 2xx is retried a few times, then kept in `undelivered`.
 */
export class MessagingWebhookPoster {
  readonly delivered: PostedWebhook[] = [];
  readonly undelivered: PostedWebhook[] = [];
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly appSecret: string,
    private webhookUrl: string | undefined,
  ) {}

  setWebhookUrl(url: string): void {
    this.webhookUrl = url;
  }

  /** Queues `payload` behind every earlier one; resolves once it was delivered or given up on. */
  post(payload: unknown): Promise<PostedWebhook> {
    const delivery = this.tail.then(() => this.deliver(payload));
    this.tail = delivery.catch(() => undefined);
    return delivery;
  }

  /** Resolves once every webhook queued so far has been delivered or given up on. */
  async idle(): Promise<void> {
    let seen: Promise<unknown> | undefined;
    while (seen !== this.tail) {
      seen = this.tail;
      await seen;
    }
  }

  private async deliver(payload: unknown): Promise<PostedWebhook> {
    const url = this.webhookUrl;
    let attempts = 0;
    let httpStatus = 0;
    if (url !== undefined) {
      const { rawBody, headers } = signedMetaWebhook(payload, this.appSecret);
      for (const delay of [0, ...RETRY_DELAYS_MS]) {
        if (delay > 0) await sleep(delay);
        attempts += 1;
        httpStatus = await send(url, rawBody, headers);
        if (httpStatus >= 200 && httpStatus < 300) break;
      }
    }
    const posted: PostedWebhook = { payload, attempts, httpStatus };
    const kept = httpStatus >= 200 && httpStatus < 300 ? this.delivered : this.undelivered;
    kept.push(posted);
    if (kept.length > MAX_KEPT) kept.shift();
    return posted;
  }
}

async function send(url: string, rawBody: Buffer, headers: Record<string, string>): Promise<number> {
  try {
    const response = await fetch(url, { method: 'POST', headers: { ...headers, 'user-agent': 'facebookexternalua' }, body: rawBody, signal: AbortSignal.timeout(5_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
