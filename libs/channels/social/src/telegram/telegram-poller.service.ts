import type { AccountLease, AccountLeaseRepository } from '@tributary/channel-kit';
import { Telegram } from 'telegraf';
import type { TelegramBot } from './telegram-bot';
import { TelegramApiError, TelegramApiErrorCode, telegramApiErrorOf } from './telegram-api.error';
import type { TelegramPollCheckpointPort } from './telegram-poll-checkpoint.repository';
import { TelegramUpdateListSchema, TelegramUpdateSchema } from './telegram-update.schema';
import type { TelegramWebhookIntake } from './telegram-webhook.intake';
import { telegrafSignal } from './telegraf-signal.util';

export type TelegramPollStage = 'lease' | 'checkpoint' | 'deleteWebhook' | 'getUpdates' | 'update' | 'handoff';

export interface TelegramPollerOptions {
  readonly apiRoot: string;
  readonly bots: readonly TelegramBot[];
  /** The kit's lease repository with the namespace 'telegram', keyed by bot id. */
  readonly leases: Pick<AccountLeaseRepository, 'tryAcquire'>;
  readonly checkpoints: TelegramPollCheckpointPort;
  readonly intake: Pick<TelegramWebhookIntake, 'receiveUpdate'>;
  /** getUpdates' long-polling timeout (TELEGRAM_POLL_TIMEOUT_SECONDS). */
  readonly timeoutSeconds: number;
  /** How often a replica that does not own a bot tries to take it over (default 2 s). */
  readonly leaseRetryMs?: number;
  /** The first wait after a failure, doubled up to `maxBackoffMs` (defaults 500 ms and 30 s). */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
  /** The `bot.catch` of this poller: every failure is told here, none escapes as an unhandled rejection. */
  readonly onError: (error: unknown, context: { readonly bot: string; readonly stage: TelegramPollStage }) => void;
  readonly onLease?: (bot: string, event: 'acquired' | 'lost' | 'released') => void;
  readonly now?: () => Date;
}

/** Under Telegram's one week after which update ids restart at random. */
const OFFSET_TRUSTED_MS = 6 * 24 * 60 * 60 * 1000;

/** Only what a customer writes; the other kinds would only be passed over. */
const ALLOWED_UPDATES = ['message', 'edited_message'] as const;

/**
 * Long polling for deployments Telegram cannot call: one loop per bot, run only by the replica that
 * holds the bot's lease (a PostgreSQL advisory lock, released when its session dies). The owner reads
 * the checkpoint, clears any webhook (as telegraf's own polling does: getUpdates answers 409 while one
 * is set), then asks getUpdates from the update after it, hands each update off in order and
 * advances the checkpoint only after that hand-off succeeded; the next getUpdates' offset then
 * confirms it to Telegram. A takeover resumes from the checkpoint, so an update handed off and
 * checkpointed is never handed off again. The one window left, a crash between a hand-off and its
 * checkpoint, repeats that single update, which its dedupe key makes one record.
 */
export class TelegramPoller {
  private readonly stopping = new AbortController();
  private readonly loops: Promise<void>[] = [];

  private readonly now: () => Date;

  constructor(private readonly options: TelegramPollerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    if (this.loops.length > 0) return;
    for (const bot of this.options.bots) this.loops.push(this.run(bot));
  }

  /** Ends every loop (a long poll under way is cut short) and releases the leases. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.loops);
  }

  private get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  private async run(bot: TelegramBot): Promise<void> {
    const client = new Telegram(bot.token(), { apiRoot: this.options.apiRoot, webhookReply: false });
    while (!this.stopped) {
      let lease: AccountLease | undefined;
      try {
        lease = await this.options.leases.tryAcquire(bot.botId);
      } catch (error) {
        this.fail(bot, 'lease', error);
      }
      if (lease === undefined) {
        await this.sleep(this.options.leaseRetryMs ?? 2_000);
        continue;
      }
      this.options.onLease?.(bot.key, 'acquired');
      const end = await this.own(bot, client, lease).catch((error: unknown): 'failed' => {
        this.fail(bot, 'getUpdates', error);
        return 'failed';
      });
      await lease.release().catch((error: unknown) => this.fail(bot, 'lease', error));
      this.options.onLease?.(bot.key, end === 'lost' ? 'lost' : 'released');
      // Given up after a failure (the database away, the table missing): not at once again.
      if (end === 'failed') await this.sleep(this.options.maxBackoffMs ?? 30_000);
    }
  }

  /** Polls while this replica holds the bot, until the lease is lost, the poller stops, or the checkpoint cannot be kept. */
  private async own(bot: TelegramBot, client: Telegram, lease: AccountLease): Promise<'lost' | 'stopped' | 'failed'> {
    let offset: number | undefined;
    let lastAt = 0;
    try {
      const last = await this.options.checkpoints.lastUpdate(bot.botId);
      offset = last === undefined ? undefined : last.updateId + 1;
      lastAt = last?.at.getTime() ?? 0;
    } catch (error) {
      this.fail(bot, 'checkpoint', error);
      return 'failed';
    }
    await this.call(bot, 'deleteWebhook', () => client.callApi('deleteWebhook', {}, { signal: telegrafSignal(this.deadline(10)) }));
    let backoff = this.options.backoffMs ?? 500;
    while (!this.stopped) {
      if (!(await lease.stillHeld())) return 'lost';
      const asked = offset === undefined || this.stale(lastAt) ? undefined : offset;
      const updates = await this.call(bot, 'getUpdates', async () => {
        const answer: unknown = await client.callApi(
          'getUpdates',
          { timeout: this.options.timeoutSeconds, allowed_updates: [...ALLOWED_UPDATES], ...(asked === undefined ? {} : { offset: asked }) },
          { signal: telegrafSignal(this.deadline(this.options.timeoutSeconds + 10)) },
        );
        const list = TelegramUpdateListSchema.safeParse(answer);
        if (!list.success) throw new TelegramApiError(TelegramApiErrorCode.Refused, 'getUpdates answered something other than a list of updates');
        return list.data;
      });
      if (updates === undefined) {
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 30_000);
        continue;
      }
      if (updates.length === 0) backoff = this.options.backoffMs ?? 500;
      for (const raw of [...updates].sort((a, b) => a.update_id - b.update_id)) {
        if (asked !== undefined && raw.update_id < asked) continue;
        if (this.stopped) return 'stopped';
        if (!(await lease.stillHeld())) return 'lost';
        if (!(await this.handOff(bot, raw))) {
          // Not checkpointed: the next getUpdates brings it again.
          await this.sleep(backoff);
          backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 30_000);
          break;
        }
        backoff = this.options.backoffMs ?? 500;
        try {
          await this.options.checkpoints.advance(bot.botId, raw.update_id);
        } catch (error) {
          this.fail(bot, 'checkpoint', error);
          return 'failed';
        }
        offset = raw.update_id + 1;
        lastAt = this.now().getTime();
      }
    }
    return 'stopped';
  }

  /** True once the update is handed off, or when it can never be (not an Update at all: passed over, loudly). */
  private async handOff(bot: TelegramBot, raw: { readonly update_id: number }): Promise<boolean> {
    const update = TelegramUpdateSchema.safeParse(raw);
    if (!update.success) {
      this.fail(bot, 'update', new Error(`update ${raw.update_id} is not a Telegram Update and is skipped: ${update.error.issues[0]?.message ?? 'invalid'}`));
      return true;
    }
    try {
      await this.options.intake.receiveUpdate(bot, update.data);
      return true;
    } catch (error) {
      this.fail(bot, 'handoff', error);
      return false;
    }
  }

  /** A Bot API call whose failure is told and waited out (flood control's own wait), resolving undefined. */
  private async call<T>(bot: TelegramBot, stage: 'deleteWebhook' | 'getUpdates', work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (this.stopped) return undefined;
      const failure = telegramApiErrorOf(stage, error);
      this.fail(bot, stage, failure);
      if (failure.code === TelegramApiErrorCode.RateLimited && failure.retryAfterMs !== undefined) await this.sleep(failure.retryAfterMs);
      return undefined;
    }
  }

  /**
   * After a week without updates Telegram picks the next update id at random rather than the next in
   * sequence, so it may be below our offset, which would confirm it unseen. Past that age the offset
   * is left out: getUpdates then returns whatever is unconfirmed, and anything handed off before
   * comes again only as a repeat its dedupe key makes harmless.
   */
  private stale(lastAt: number): boolean {
    return this.now().getTime() - lastAt > OFFSET_TRUSTED_MS;
  }

  private fail(bot: TelegramBot, stage: TelegramPollStage, error: unknown): void {
    try {
      this.options.onError(error, { bot: bot.key, stage });
    } catch {
      // A failing error handler must not end the loop.
    }
  }

  private deadline(seconds: number): AbortSignal {
    return AbortSignal.any([this.stopping.signal, AbortSignal.timeout(seconds * 1000)]);
  }

  /** Waits, or less when stopping. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stopping.signal.addEventListener('abort', done, { once: true });
    });
  }
}
