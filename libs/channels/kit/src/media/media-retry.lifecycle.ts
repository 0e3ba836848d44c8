import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseRuntime } from '@tributary/platform-database';
import type { MediaRetryWorker } from './media-retry.worker';

/** The app's MediaRetryWorker (see loggedMediaRetryWorker), provided under this token. */
export const MEDIA_RETRY_WORKER = Symbol('MEDIA_RETRY_WORKER');

/**
 * Runs this replica's media retry worker over the queue all replicas share. It starts once the
 * database is connected and stops before shutdown, while the producer is still open.
 */
@Injectable()
export class MediaRetryLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopped = false;

  constructor(
    @Inject(MEDIA_RETRY_WORKER) private readonly worker: MediaRetryWorker,
    private readonly database: DatabaseRuntime,
  ) {}

  onApplicationBootstrap(): void {
    // The database connects in the background (and may never, until shutdown).
    void this.database.whenConnected().then(() => {
      if (!this.stopped) this.worker.start();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.worker.stop();
  }
}
