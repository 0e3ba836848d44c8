import { signedMetaWebhook } from './meta-json.util';
import type { StatusDelivery } from './graph-api-emulator.types';
import type { WhatsappStatus } from './whatsapp-webhook.builder';

/** Meta retries for up to 7 days with decreasing frequency; a test cannot wait that long, so a few quick tries stand for it. */
const RETRY_DELAYS_MS = [50, 150, 400] as const;
/** The first status follows the 200 to the send, as Meta's arrive after the call returned. */
const FIRST_STATUS_DELAY_MS = 10;
/** Undelivered webhooks kept for inspection; older ones are dropped so a long local run stays small. */
const MAX_KEPT = 1000;

export interface StatusToSend {
  readonly messageId: string;
  readonly status: WhatsappStatus;
  /** Built when it is sent, so its timestamp is the moment of delivery. */
  readonly payload: () => unknown;
}

/**
 * Posts a message's status webhooks one after another (each answered before the next goes), signed
 * as Meta signs them, so a planned order is the order the app sees. A webhook that is not answered
 * 2xx is retried a few times, then kept in `undelivered`.
 */
export class StatusWebhookDispatcher {
  readonly delivered: StatusDelivery[] = [];
  readonly undelivered: StatusDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly appSecret: string,
    private webhookUrl: string | undefined,
  ) {}

  setWebhookUrl(url: string): void {
    this.webhookUrl = url;
  }

  /** Sends `statuses` for one message, in order, after the current call has been answered. */
  dispatch(statuses: readonly StatusToSend[]): void {
    if (statuses.length === 0) return;
    const run = (async () => {
      await sleep(FIRST_STATUS_DELAY_MS);
      for (const status of statuses) await this.deliver(status);
    })();
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Resolves once every status dispatched so far has been delivered or given up on. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async deliver(status: StatusToSend): Promise<void> {
    const payload = status.payload();
    const url = this.webhookUrl;
    let attempts = 0;
    let httpStatus = 0;
    if (url !== undefined) {
      const { rawBody, headers } = signedMetaWebhook(payload, this.appSecret);
      for (const delay of [0, ...RETRY_DELAYS_MS]) {
        if (delay > 0) await sleep(delay);
        attempts += 1;
        httpStatus = await post(url, rawBody, headers);
        if (httpStatus >= 200 && httpStatus < 300) break;
      }
    }
    const record: StatusDelivery = { messageId: status.messageId, status: status.status, payload, attempts, httpStatus };
    const kept = httpStatus >= 200 && httpStatus < 300 ? this.delivered : this.undelivered;
    kept.push(record);
    if (kept.length > MAX_KEPT) kept.shift();
  }
}

async function post(url: string, rawBody: Buffer, headers: Record<string, string>): Promise<number> {
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
