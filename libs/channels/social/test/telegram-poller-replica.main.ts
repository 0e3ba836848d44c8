// A replica for the long-polling takeover test: the Telegram poller with real account leases and
// checkpoints on the test database, getUpdates against the test's Bot API emulation, and a file as
// the hand-off's far side; GET /state says which bots this replica owns right now.
import { createServer } from 'node:http';
import { AccountLeaseRepository, DurableHandoff, MediaIntake, NoSpool } from '@tributary/channel-kit';
import { secretValues } from '@tributary/platform-config';
import { createDataSource } from '@tributary/platform-database';
import { JsonLogger } from '@tributary/platform-observability';
import { z } from 'zod';
import { resolveTelegramBots } from '../src/telegram/telegram-bots.util';
import { telegramConfigShape } from '../src/telegram/telegram-config.schema';
import { TelegramPollCheckpointRepository } from '../src/telegram/telegram-poll-checkpoint.repository';
import { TelegramPoller } from '../src/telegram/telegram-poller.service';
import { TelegramWebhookIntake } from '../src/telegram/telegram-webhook.intake';
import { FileHandoffPublisher } from './file-handoff.publisher';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const schema = z.object(telegramConfigShape);
  const config = schema.parse(process.env);
  const { bots, problems } = resolveTelegramBots(config);
  if (problems.length > 0) throw new Error(`bad Telegram configuration: ${JSON.stringify(problems)}`);
  const name = env('REPLICA_NAME');
  const logger = new JsonLogger({ app: `telegram-poller-replica-${name}`, level: 'info', secrets: secretValues(schema, process.env) });
  const dataSource = await createDataSource({ url: env('DATABASE_URL'), poolSize: 4, applicationName: `telegram-replica-${name}` }).initialize();
  const owned = new Set<string>();
  const intake = new TelegramWebhookIntake(
    new DurableHandoff(new FileHandoffPublisher(env('HANDOFF_FILE')), new NoSpool(), { timeoutMs: 5_000 }),
    // Text only in this test: a media fetch would be a bug here.
    new MediaIntake({ fetchToBlob: () => Promise.reject(new Error('no media in this test')) }, { add: () => Promise.resolve() }, { deadlineMs: 1_000, retryInMs: 1_000 }),
    { bots },
  );
  const poller = new TelegramPoller({
    apiRoot: config.TELEGRAM_API_ROOT,
    bots: [...bots.values()],
    leases: new AccountLeaseRepository(dataSource, 'telegram'),
    checkpoints: new TelegramPollCheckpointRepository(dataSource),
    intake,
    timeoutSeconds: config.TELEGRAM_POLL_TIMEOUT_SECONDS,
    leaseRetryMs: Number(env('TELEGRAM_LEASE_RETRY_MS')),
    backoffMs: 100,
    maxBackoffMs: 1_000,
    onError: (error, context) => logger.event('error', 'TelegramPoller', 'polling failed', { ...context, error }),
    onLease: (bot, event) => {
      if (event === 'acquired') owned.add(bot);
      else owned.delete(bot);
      logger.event('info', 'TelegramPoller', `lease ${event}`, { bot });
    },
  });
  poller.start();

  const server = createServer((request, response) => {
    const body = request.url === '/state' ? { owned: [...owned].sort() } : { status: 'ok' };
    response.writeHead(request.url === '/state' || request.url === '/health/ready' ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  server.listen(Number(env('HTTP_PORT')), env('HTTP_HOST'));
  const stop = (): void => {
    void poller
      .stop()
      .then(() => dataSource.destroy())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`telegram-poller-replica: ${String(error)}\n`);
  process.exit(1);
});
