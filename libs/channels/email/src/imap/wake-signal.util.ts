/**
 * Lets IMAP events (new mail, a closed connection) cut a wait short. A notification is never lost:
 * one that arrives while nobody waits (a sweep is running) ends the next wait at once.
 */
export class WakeSignal {
  private wake: (() => void) | undefined;
  private pending = false;

  notify(): void {
    const wake = this.wake;
    if (wake) {
      // Consumed by the wait it ends; any later notification is kept for the next wait.
      this.wake = undefined;
      wake();
    } else {
      this.pending = true;
    }
  }

  /** Resolves after `ms`, or at once if notified since the last wait ended. */
  async wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
