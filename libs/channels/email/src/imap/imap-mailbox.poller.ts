import { ImapFlow } from 'imapflow';
import { StopSignal, type JsonLogger } from '@tributary/platform-observability';
import type { EmailIntake } from '../intake/email-intake.service';
import type { MailboxCheckpointRepository } from '../persistence/mailbox-checkpoint.repository';
import type { AccountLease, AccountLeaseRepository } from '@tributary/channel-kit';
import type { ImapMailboxConfig, ImapPollerTimings } from './imap-mailbox-config';
import type { ImapMetrics } from './imap-metrics';
import { sweepMailbox } from './mailbox-sweep.util';
import type { MailboxLag } from './mailbox-lag.util';
import { WakeSignal } from './wake-signal.util';

export interface ImapPollerDependencies {
  readonly intake: EmailIntake;
  readonly checkpoints: Pick<MailboxCheckpointRepository, 'load' | 'save'>;
  readonly leases: Pick<AccountLeaseRepository, 'tryAcquire'>;
  readonly metrics: ImapMetrics;
  readonly logger: Pick<JsonLogger, 'event'>;
}

class WatchdogError extends Error {}

/**
 * Reads one mailbox for as long as it runs: takes the mailbox's lease, sweeps it (every UID above
 * the checkpoint, again until a sweep finds nothing), then waits in IDLE; an EXISTS, or one that
 * came while a sweep ran, starts the next sweep at once, and there is one at least every sweep
 * interval (which also proves the connection is
 * alive: a sweep that hangs trips the watchdog). Any failure closes the session and reconnects
 * with exponential backoff.
 */
export class ImapMailboxPoller {
  private readonly stopSignal = new StopSignal();
  private readonly wake = new WakeSignal();
  private running: Promise<void> | undefined;

  constructor(
    private readonly mailbox: ImapMailboxConfig,
    private readonly timings: ImapPollerTimings,
    private readonly deps: ImapPollerDependencies,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopSignal.stop();
    this.wake.notify();
    await this.running;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopSignal.isStopped) {
      let lease: AccountLease | undefined;
      try {
        lease = await this.deps.leases.tryAcquire(this.mailbox.key);
        if (!lease) {
          await this.stopSignal.sleep(this.timings.leaseRetryMs);
          continue;
        }
        await this.session(lease);
        failures = 0;
      } catch (error) {
        failures += 1;
        this.deps.metrics.reconnects.inc({ mailbox: this.mailbox.key });
        const delay = Math.min(this.timings.reconnectMaxMs, this.timings.reconnectInitialMs * 2 ** Math.min(failures - 1, 16));
        this.deps.logger.event('warn', 'ImapMailboxPoller', 'mailbox session failed; reconnecting', { mailbox: this.mailbox.key, delayMs: delay, error });
        await lease?.release();
        lease = undefined;
        await this.stopSignal.sleep(delay);
      } finally {
        await lease?.release();
      }
    }
  }

  /** One connection: returns when stopped or the lease is lost; throws when the connection fails. */
  private async session(lease: AccountLease): Promise<void> {
    const client = new ImapFlow({
      host: this.mailbox.host,
      port: this.mailbox.port,
      secure: this.mailbox.secure,
      auth: { user: this.mailbox.user, pass: this.mailbox.password },
      logger: false,
      // Restart IDLE regularly: some servers and NATs drop a connection silent for long.
      maxIdleTime: Math.min(this.timings.sweepIntervalMs, 5 * 60_000),
    });
    let closed: Error | undefined;
    const lag = this.deps.metrics.lagOf(this.mailbox.key);
    client.on('exists', () => {
      lag.signalled();
      this.wake.notify();
    });
    client.on('close', () => {
      closed ??= new Error('IMAP connection closed');
      this.wake.notify();
    });
    client.on('error', (error: Error) => {
      closed ??= error;
      this.wake.notify();
    });
    try {
      await this.watchdog(client.connect());
      if (this.mailbox.processedFolder) await this.ensureFolder(client, this.mailbox.processedFolder);
      await this.watchdog(client.mailboxOpen(this.mailbox.folder));
      this.deps.logger.event('info', 'ImapMailboxPoller', 'mailbox open', { mailbox: this.mailbox.key });
      while (!this.stopSignal.isStopped) {
        if (closed) throw closed;
        const found = await this.sweep(client, lag);
        if (!(await lease.stillHeld())) throw new Error('lease lost');
        // Mail that arrived while the sweep ran may not have been announced (the session was not
        // idling): sweep again until one finds nothing, then wait in IDLE.
        if (found > 0) continue;
        this.idle(client);
        await this.wake.wait(this.timings.sweepIntervalMs);
      }
    } finally {
      client.close();
    }
  }

  /** Hands off every mail above the checkpoint; resolves to how many there were. */
  private async sweep(client: ImapFlow, lag: MailboxLag): Promise<number> {
    lag.sweepStarted();
    try {
      const found = await this.watchdog(
        sweepMailbox(client, this.mailbox, this.timings.batchSize, {
          ...this.deps,
          now: () => new Date(),
          onUidValidityChange: (previous, current) =>
            this.deps.logger.event('warn', 'ImapMailboxPoller', 'UIDVALIDITY changed: re-reading the mailbox, dedupe drops repeats', {
              mailbox: this.mailbox.key,
              previous: previous.toString(),
              current: current.toString(),
            }),
        }),
      );
      lag.sweepCompleted();
      return found;
    } catch (error) {
      lag.sweepFailed();
      throw error;
    }
  }

  /**
   * Enters IDLE right away, so the server announces new mail (EXISTS) from now on; imapflow's own
   * auto-IDLE would wait 15 s of silence first, and mail arriving then waited for the sweep. The
   * next command (the sweep an EXISTS triggers) ends it. A failed IDLE needs no handling here: a
   * broken connection reports itself through 'close'/'error', and the sweep interval still holds.
   */
  private idle(client: ImapFlow): void {
    client.idle({ whenFree: true }).catch(() => undefined);
  }

  private async ensureFolder(client: ImapFlow, folder: string): Promise<void> {
    const folders = await this.watchdog(client.list());
    if (!folders.some((entry) => entry.path === folder)) await this.watchdog(client.mailboxCreate(folder));
  }

  private async watchdog<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const tripped = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new WatchdogError(`IMAP did not answer within ${this.timings.watchdogMs} ms`)), this.timings.watchdogMs);
    });
    try {
      return await Promise.race([work, tripped]);
    } finally {
      clearTimeout(timer);
    }
  }
}
