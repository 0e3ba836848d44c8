/** Lets IMAP events (new mail, a closed connection) cut a wait short. */
export class WakeSignal {
  private wake: (() => void) | undefined;
  private pending = false;

  notify(): void {
    this.pending = true;
    this.wake?.();
  }

  /** Resolves after `ms`, or at once if notified since the last wait. */
  async wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
    this.pending = false;
  }
}
