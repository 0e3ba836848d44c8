import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HandoffRecord } from '@tributary/channel-kit';
import type { InboundMessageV1Input } from '@tributary/contracts';
import { createTestDatabase, startAppProcess, waitFor, type AppProcess, type TestDatabase } from '@tributary/platform-testing';
import { TelegramBotApiEmulator } from '../src/telegram/emulation/telegram-bot-api.emulator';
import type { TelegramCustomer } from '../src/telegram/emulation/telegram-update.builder';
import { TELEGRAM_MIGRATIONS } from '../src/telegram/telegram-migrations';

const ACME_TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const GLOBEX_TOKEN = '6000000001:AAGlobexGlobexGlobexGlobexGlobex00';
const BOTS = ['acme_support_bot', 'globex_bot'];
const JANE: TelegramCustomer = { id: 912873, firstName: 'Jane' };
const LEASE_RETRY_MS = 300;

function handedOff(file: string): InboundMessageV1Input[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as HandoffRecord)
    .filter((record) => record.kind === 'inbound')
    .map((record) => record.value as InboundMessageV1Input);
}

async function owned(replica: AppProcess): Promise<string[]> {
  return ((await (await fetch(`${replica.baseUrl}/state`)).json()) as { owned: string[] }).owned;
}

/** Two poller processes, two bots: the account lease in PostgreSQL decides who polls which bot. */
describe('Telegram long polling across two processes', () => {
  let db: TestDatabase;
  let emulator: TelegramBotApiEmulator;
  const handoffFile = join(tmpdir(), `telegram-handoff-${randomUUID()}.jsonl`);
  const replicas: AppProcess[] = [];
  const start = async (name: string): Promise<AppProcess> => {
    const replica = await startAppProcess(`telegram-poller-replica-${name}`, {
      script: 'libs/channels/social/test/telegram-poller-replica.main.ts',
      env: {
        DATABASE_URL: db.url,
        REPLICA_NAME: name,
        HANDOFF_FILE: handoffFile,
        TELEGRAM_MODE: 'polling',
        TELEGRAM_API_ROOT: emulator.apiRoot,
        TELEGRAM_BOTS: JSON.stringify({ acme_support_bot: { tenantId: 'acme', botId: '7012345678' }, globex_bot: { tenantId: 'globex', botId: '6000000001' } }),
        TELEGRAM_BOT_TOKENS: `${ACME_TOKEN},${GLOBEX_TOKEN}`,
        TELEGRAM_POLL_TIMEOUT_SECONDS: '1',
        TELEGRAM_LEASE_RETRY_MS: String(LEASE_RETRY_MS),
      },
    });
    replicas.push(replica);
    return replica;
  };
  const send = (bot: string, text: string): number => emulator.customers.sends(bot, JANE, { text }).update_id;

  beforeAll(async () => {
    db = await createTestDatabase('telegram_polling', { migrations: TELEGRAM_MIGRATIONS });
    emulator = new TelegramBotApiEmulator({ bots: [{ token: ACME_TOKEN, username: 'acme_support_bot' }, { token: GLOBEX_TOKEN, username: 'globex_bot' }] });
    await emulator.start();
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.kill()));
    await emulator?.stop();
    await db?.drop();
    rmSync(handoffFile, { force: true });
  });

  it('polls each bot from one process, and after the owner is SIGKILLed the other takes over without handing any update off twice', async () => {
    const a = await start('a');
    const b = await start('b');
    await waitFor('both bots owned', async () => [...(await owned(a)), ...(await owned(b))].sort().join() === BOTS.join(), 20_000, 100);
    // Lease attempts of the other process go by: still one owner per bot.
    await new Promise((resolve) => setTimeout(resolve, LEASE_RETRY_MS * 4));
    const [ownedByA, ownedByB] = [await owned(a), await owned(b)];
    expect([...ownedByA, ...ownedByB].sort()).toEqual(BOTS);

    const sent: number[] = [];
    for (let round = 1; round <= 3; round += 1) for (const bot of BOTS) sent.push(send(bot, `${bot} before ${round}`));
    await waitFor('six hand-offs', () => handedOff(handoffFile).length === 6, 20_000, 50);
    // Two processes polling one bot would end each other's long polls with 409.
    expect(emulator.refused.filter((refusal) => refusal.errorCode === 409)).toEqual([]);

    const [victim, survivor] = ownedByA.length > 0 ? [a, b] : [b, a];
    await victim.kill();
    for (let round = 1; round <= 2; round += 1) for (const bot of BOTS) sent.push(send(bot, `${bot} during takeover ${round}`));
    await waitFor('the survivor owns both bots', async () => (await owned(survivor)).join() === BOTS.join(), 20_000, 100);
    await waitFor('ten hand-offs', () => handedOff(handoffFile).length >= 10, 20_000, 50);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const records = handedOff(handoffFile);
    const updateIds = records.map((record) => `${record.inbox.address}:${String(record.extras?.['updateId'])}`);
    expect(records).toHaveLength(10);
    expect(new Set(updateIds).size).toBe(10);
    expect(new Set(records.map((record) => record.dedupeKey)).size).toBe(10);
    expect(records.map((record) => record.text).sort()).toEqual(
      BOTS.flatMap((bot) => [1, 2, 3].map((round) => `${bot} before ${round}`).concat([1, 2].map((round) => `${bot} during takeover ${round}`))).sort(),
    );
    const checkpoints = await db.dataSource.query<{ bot_id: string; last: string }[]>('SELECT bot_id, last_update_id::text AS last FROM telegram_poll_checkpoints ORDER BY bot_id');
    expect(checkpoints).toEqual([
      { bot_id: '6000000001', last: String(Math.max(...sent.filter((id) => id >= 701_000_000))) },
      { bot_id: '7012345678', last: String(Math.max(...sent.filter((id) => id < 701_000_000))) },
    ]);
  });
});
