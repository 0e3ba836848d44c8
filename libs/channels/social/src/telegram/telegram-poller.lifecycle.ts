import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseRuntime } from '@tributary/platform-database';
import type { TelegramPoller } from './telegram-poller.service';

/** The app's TelegramPoller (polling mode only), provided under this token. */
export const TELEGRAM_POLLER = Symbol('TELEGRAM_POLLER');

/**
 * Runs this replica's Telegram poller: it starts once the database is connected (leases and
 * checkpoints live there) and stops before shutdown, while the producer is still open, so an update
 * being handed off finishes and is checkpointed, and the leases go to another replica at once.
 */
@Injectable()
export class TelegramPollerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopped = false;

  constructor(
    @Inject(TELEGRAM_POLLER) private readonly poller: TelegramPoller,
    private readonly database: DatabaseRuntime,
  ) {}

  onApplicationBootstrap(): void {
    // The database connects in the background (and may never, until shutdown).
    void this.database.whenConnected().then(() => {
      if (!this.stopped) this.poller.start();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.poller.stop();
  }
}
