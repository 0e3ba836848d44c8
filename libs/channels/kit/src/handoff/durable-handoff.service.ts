import type { HandoffPublisherPort, HandoffRecord } from './handoff-record';
import type { HandoffSpoolPort } from './handoff-spool.port';

export interface DurableHandoffOptions {
  /** How long a webhook waits for Kafka before it spools instead (well under Twilio's ~15 s). */
  readonly timeoutMs: number;
  readonly drainBatchSize?: number;
  readonly drainRetryMs?: number;
  readonly onDrainError?: (error: unknown) => void;
}

export type HandoffOutcome = 'published' | 'spooled';

const TIMED_OUT = Symbol('timed out');

/**
 * Answers a webhook only once its record is safe: acknowledged by Kafka, or fsync'd into the local
 * spool. kafkajs's idempotent producer retries forever, so during an outage a send does not fail, it
 * hangs: after `timeoutMs` the record is spooled and the hung send is left to finish on its own. If it
 * does land later, the drain sends the record again with the same dedupe key and the router stores it
 * once. Once anything is spooled (or being spooled, or draining), every new record queues behind it,
 * so a sender's messages reach Kafka in the order they arrived.
 */
export class DurableHandoff {
  private appending = 0;
  private draining: Promise<void> | undefined;
  private stopped = false;
  /** Per key, the hand-off still deciding: a sender's next record waits for it, so order holds. */
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly publisher: HandoffPublisherPort,
    private readonly spool: HandoffSpoolPort,
    private readonly options: DurableHandoffOptions,
  ) {}

  /** Resolves once the record is safe; rejects with SpoolFullError when it can be neither sent nor kept. */
  async handOff(record: HandoffRecord): Promise<HandoffOutcome> {
    this.publisher.validate(record);
    const previous = this.tails.get(record.key);
    const current = previous ? previous.then(() => this.place(record)) : this.place(record);
    const settled = current.catch(() => undefined);
    this.tails.set(record.key, settled);
    void settled.then(() => {
      if (this.tails.get(record.key) === settled) this.tails.delete(record.key);
    });
    return current;
  }

  private async place(record: HandoffRecord): Promise<HandoffOutcome> {
    if (this.mustQueue()) return this.spoolRecord(record);
    const abort = new AbortController();
    const sending = this.publisher.publish([record], abort.signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), this.options.timeoutMs)));
    try {
      const outcome = await Promise.race([sending.then(() => 'sent' as const), timeout]);
      if (outcome === 'sent') return 'published';
    } catch {
      // A failed send is treated as an outage: the record goes to the spool below.
    } finally {
      clearTimeout(timer);
    }
    sending.catch(() => undefined);
    abort.abort(new Error('handed to the spool instead'));
    return this.spoolRecord(record);
  }

  /** Records waiting in the spool (for metrics and tests). */
  get backlog(): number {
    return this.spool.length;
  }

  /** Starts draining whatever a previous run left in the spool. */
  start(): void {
    if (this.spool.length > 0) this.drain();
  }

  /**
   * Stops the drain loop after its current batch. During an outage that batch's send hangs, so this
   * waits at most `graceMs`: whatever is not acknowledged stays spooled for the next start.
   */
  async stop(graceMs = 1_000): Promise<void> {
    this.stopped = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.draining, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  }

  private mustQueue(): boolean {
    return this.spool.length > 0 || this.appending > 0 || this.draining !== undefined;
  }

  private async spoolRecord(record: HandoffRecord): Promise<HandoffOutcome> {
    this.appending += 1;
    try {
      await this.spool.append(record);
    } finally {
      this.appending -= 1;
    }
    this.drain();
    return 'spooled';
  }

  private drain(): void {
    if (this.draining || this.stopped) return;
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
      if (this.spool.length > 0 && !this.stopped) this.drain();
    });
  }

  private async drainLoop(): Promise<void> {
    const batchSize = this.options.drainBatchSize ?? 100;
    while (!this.stopped) {
      const batch = this.spool.peek(batchSize);
      const last = batch.at(-1);
      if (!last) return;
      try {
        await this.publisher.publish(batch.map((entry) => entry.payload));
        await this.spool.ack(last.seq);
      } catch (error) {
        this.options.onDrainError?.(error);
        await new Promise((resolve) => setTimeout(resolve, this.options.drainRetryMs ?? 1_000));
      }
    }
  }
}
