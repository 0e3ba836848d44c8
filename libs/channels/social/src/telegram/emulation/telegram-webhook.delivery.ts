import type { EmulatedTelegramBot } from './emulated-telegram-bot';
import { postTelegramUpdate } from './telegram-update.builder';

export interface WebhookAttempt {
  readonly bot: string;
  readonly updateId: number;
  /** The status answered, or 0 when the webhook could not be reached. */
  readonly status: number;
}

/** Attempts per update before the emulation stops for now (Telegram goes on longer); the next update queued starts again. */
const MAX_ATTEMPTS = 5;

/**
 * Posts each bot's queued updates to its webhook, one at a time and in order, with the secret header,
 * until one is answered 2xx (which confirms it), as Telegram delivers them.
 */
export class WebhookDelivery {
  readonly log: WebhookAttempt[] = [];
  private readonly running = new Map<EmulatedTelegramBot, Promise<void>>();
  private stopped = false;

  constructor(private readonly retryMs: number) {}

  kick(bot: EmulatedTelegramBot): void {
    if (this.stopped || this.running.has(bot) || bot.webhook === undefined) return;
    const run = this.deliver(bot).finally(() => this.running.delete(bot));
    this.running.set(bot, run);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  stop(): void {
    this.stopped = true;
  }

  private async deliver(bot: EmulatedTelegramBot): Promise<void> {
    let attempts = 0;
    for (;;) {
      const webhook = bot.webhook;
      const [update] = webhook ? bot.deliverable(1, webhook.allowedUpdates) : [];
      if (this.stopped || webhook === undefined || update === undefined || attempts >= MAX_ATTEMPTS) return;
      const status = await postTelegramUpdate(webhook.url, update, webhook.secretToken).catch(() => 0);
      this.log.push({ bot: bot.username, updateId: update.update_id, status });
      if (status >= 200 && status < 300) {
        bot.confirm(update.update_id);
        attempts = 0;
      } else {
        attempts += 1;
        await new Promise((resolve) => setTimeout(resolve, this.retryMs));
      }
    }
  }
}
