import { DurableHandoff, MediaIntake, NoSpool, type AccountLease } from '@tributary/channel-kit';
import { waitFor } from '@tributary/platform-testing';
import { RecordingHandoffPublisher } from './emulation/recording-handoff.publisher';
import { TelegramBotApiEmulator } from './emulation/telegram-bot-api.emulator';
import type { TelegramCustomer } from './emulation/telegram-update.builder';
import type { TelegramBot } from './telegram-bot';
import type { TelegramPollCheckpoint, TelegramPollCheckpointPort } from './telegram-poll-checkpoint.repository';
import { TelegramPoller, type TelegramPollStage } from './telegram-poller.service';
import { TelegramWebhookIntake } from './telegram-webhook.intake';

const TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const BOT: TelegramBot = { key: 'acme_support_bot', botId: '7012345678', tenantId: 'acme', token: () => TOKEN, secretTokens: () => [] };
const JANE: TelegramCustomer = { id: 912873, firstName: 'Jane' };

/** The lease's contract in memory (one holder per key; `kill` is the holder's session dying); PostgreSQL's is in the integration test. */
class MemoryLeases {
  private readonly holders = new Map<string, symbol>();

  tryAcquire(key: string): Promise<AccountLease | undefined> {
    if (this.holders.has(key)) return Promise.resolve(undefined);
    const holder = Symbol(key);
    this.holders.set(key, holder);
    return Promise.resolve({
      stillHeld: () => Promise.resolve(this.holders.get(key) === holder),
      release: () => Promise.resolve(void (this.holders.get(key) === holder && this.holders.delete(key))),
    });
  }

  kill(key: string): void {
    this.holders.delete(key);
  }
}

class MemoryCheckpoints implements TelegramPollCheckpointPort {
  readonly values = new Map<string, number>();
  readonly times = new Map<string, Date>();

  lastUpdate(botId: string): Promise<TelegramPollCheckpoint | undefined> {
    const updateId = this.values.get(botId);
    return Promise.resolve(updateId === undefined ? undefined : { updateId, at: this.times.get(botId) ?? new Date() });
  }

  advance(botId: string, updateId: number): Promise<void> {
    const stale = (this.times.get(botId)?.getTime() ?? 0) < Date.now() - 6 * 24 * 60 * 60 * 1000;
    if (stale || updateId > (this.values.get(botId) ?? 0)) {
      this.values.set(botId, updateId);
      this.times.set(botId, new Date());
    }
    return Promise.resolve();
  }
}

describe('TelegramPoller', () => {
  let emulator: TelegramBotApiEmulator;
  let publisher: RecordingHandoffPublisher;
  let leases: MemoryLeases;
  let checkpoints: MemoryCheckpoints;
  let errors: { error: unknown; stage: TelegramPollStage }[];
  const pollers: TelegramPoller[] = [];

  const poller = (): TelegramPoller => {
    const intake = new TelegramWebhookIntake(new DurableHandoff(publisher, new NoSpool(), { timeoutMs: 1_000 }), new MediaIntake({ fetchToBlob: () => Promise.reject(new Error('no media here')) }, { add: () => Promise.resolve() }, { deadlineMs: 100, retryInMs: 1_000 }), {
      bots: new Map([[BOT.key, BOT]]),
    });
    const created = new TelegramPoller({
      apiRoot: emulator.apiRoot,
      bots: [BOT],
      leases,
      checkpoints,
      intake,
      timeoutSeconds: 1,
      leaseRetryMs: 50,
      backoffMs: 20,
      maxBackoffMs: 100,
      onError: (error, context) => errors.push({ error, stage: context.stage }),
    });
    pollers.push(created);
    created.start();
    return created;
  };
  const handedOff = (): string[] => publisher.inbound().map((message) => message.text);
  const send = (text: string): number => emulator.customers.sends('acme_support_bot', JANE, { text }).update_id;

  beforeEach(async () => {
    emulator = new TelegramBotApiEmulator({ bots: [{ token: TOKEN, username: 'acme_support_bot' }] });
    await emulator.start();
    publisher = new RecordingHandoffPublisher();
    leases = new MemoryLeases();
    checkpoints = new MemoryCheckpoints();
    errors = [];
  });

  afterEach(async () => {
    await Promise.all(pollers.splice(0).map((each) => each.stop()));
    await emulator.stop();
  });

  it('hands off updates in order and checkpoints each after its hand-off; the next poll confirms them to Telegram', async () => {
    send('one');
    const last = send('two');
    poller();
    await waitFor('two updates handed off', () => handedOff().length === 2);
    expect(handedOff()).toEqual(['one', 'two']);
    await waitFor('the checkpoint', () => checkpoints.values.get(BOT.botId) === last);
    await waitFor('Telegram confirmed them', () => emulator.bot('acme_support_bot').queue.length === 0);
    expect(errors).toEqual([]);
  });

  it('resumes after a restart from the checkpoint, handing nothing off twice', async () => {
    const first = poller();
    send('before');
    await waitFor('the first update', () => handedOff().length === 1);
    await first.stop();
    send('while down');
    poller();
    await waitFor('the second update', () => handedOff().length === 2);
    send('after');
    await waitFor('the third update', () => handedOff().length === 3);
    expect(handedOff()).toEqual(['before', 'while down', 'after']);
  });

  it('retries an update whose hand-off failed instead of skipping it, without moving the checkpoint', async () => {
    publisher.failNext(2);
    const id = send('kafka was away');
    poller();
    await waitFor('the hand-off once Kafka is back', () => handedOff().length === 1);
    expect(errors.filter((entry) => entry.stage === 'handoff')).toHaveLength(2);
    await waitFor('the checkpoint', () => checkpoints.values.get(BOT.botId) === id);
    expect(handedOff()).toEqual(['kafka was away']);
  });

  it('clears a webhook left set (getUpdates would answer 409), and waits out 429 with its retry_after', async () => {
    emulator.bot('acme_support_bot').webhook = { url: 'https://old.example.com/hook' };
    emulator.failNext(429, { retryAfter: 1, method: 'getUpdates' });
    send('hello');
    const started = Date.now();
    poller();
    await waitFor('the update', () => handedOff().length === 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(emulator.bot('acme_support_bot').webhook).toBeUndefined();
    expect(errors).toEqual([{ error: expect.objectContaining({ code: 'TELEGRAM_RATE_LIMITED', retryAfterMs: 1_000 }), stage: 'getUpdates' }]);
  });

  it('lets one of two replicas poll a bot, and the other take over when the owner goes', async () => {
    const a = poller();
    await waitFor('a poll', () => (emulator.calls.get('getupdates') ?? 0) > 0);
    poller();
    send('first');
    await waitFor('the first update', () => handedOff().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Two pollers at once would have ended each other's long polls with 409.
    expect(emulator.refused.filter((refusal) => refusal.errorCode === 409)).toEqual([]);
    await a.stop();
    send('second');
    await waitFor('the second update, through the other replica', () => handedOff().length === 2);
    expect(handedOff()).toEqual(['first', 'second']);
  });

  it('hands nothing off once another replica took its lease, and resumes when it gets the lease back', async () => {
    poller();
    await waitFor('a poll', () => (emulator.calls.get('getupdates') ?? 0) > 0);
    // The owner's session died and another replica took the bot at once.
    leases.kill(BOT.botId);
    const other = await leases.tryAcquire(BOT.botId);
    send('while another replica owns the bot');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(handedOff()).toEqual([]);
    await other?.release();
    await waitFor('the update once the lease is back', () => handedOff().length === 1);
    expect(errors).toEqual([]);
  });

  it('leaves the offset out after a week without updates, when Telegram may restart update ids lower', async () => {
    const id = send('after a quiet week');
    // Our checkpoint is far above the id Telegram picked at random after the quiet week.
    checkpoints.values.set(BOT.botId, id + 1_000);
    checkpoints.times.set(BOT.botId, new Date(Date.now() - 8 * 24 * 60 * 60 * 1000));
    poller();
    await waitFor('the update', () => handedOff().length === 1);
    expect(handedOff()).toEqual(['after a quiet week']);
    await waitFor('the checkpoint moved back to it', () => checkpoints.values.get(BOT.botId) === id);
    send('next');
    await waitFor('the next update', () => handedOff().length === 2);
  });
});
