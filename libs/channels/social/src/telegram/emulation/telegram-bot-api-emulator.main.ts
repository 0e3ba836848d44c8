// The Bot API emulation as a process of its own, for the local gateway (`./tributary start`):
// social-ingest's Telegram replies, file downloads and getUpdates go here instead of
// api.telegram.org. Never part of a deployment.
import { z } from 'zod';
import { TelegramBotApiEmulator } from './telegram-bot-api.emulator';

/** social-ingest's TELEGRAM_BOTS, read for what the emulation needs (unknown keys are the app's business). */
const BotsSchema = z.record(z.string().min(1), z.looseObject({ botId: z.string().regex(/^\d+$/).optional() }));

function fail(message: string): never {
  process.stderr.write(`telegram-bot-api-emulator: ${message}\n`);
  // EX_CONFIG, as the other emulations exit on bad configuration.
  process.exit(78);
}

function readBots(rawBots: string | undefined, rawTokens: string | undefined): { token: string; username: string }[] {
  if (!rawBots || !rawTokens) fail('set TELEGRAM_BOTS (a JSON object keyed by bot username or id) and TELEGRAM_BOT_TOKENS');
  let json: unknown;
  try {
    json = JSON.parse(rawBots);
  } catch {
    fail('TELEGRAM_BOTS is not JSON');
  }
  const parsed = BotsSchema.safeParse(json);
  if (!parsed.success) fail(`TELEGRAM_BOTS: ${z.prettifyError(parsed.error)}`);
  const tokens = rawTokens.split(',').map((token) => token.trim()).filter((token) => token !== '');
  return Object.entries(parsed.data).map(([key, bot]) => {
    const id = bot.botId ?? key;
    const token = tokens.find((candidate) => candidate.startsWith(`${id}:`));
    // Never the token itself: the message may reach a log.
    if (token === undefined) fail(`TELEGRAM_BOT_TOKENS holds no token for bot ${key} (id ${id})`);
    return { token, username: key };
  });
}

async function main(): Promise<void> {
  // TELEGRAM_EMULATOR_PORT when run by hand; the local gateway passes every process its port as HTTP_PORT.
  const port = Number(process.env['TELEGRAM_EMULATOR_PORT'] ?? process.env['HTTP_PORT'] ?? '0');
  if (!Number.isInteger(port)) fail('TELEGRAM_EMULATOR_PORT (or HTTP_PORT) must be a port number');
  const emulator = new TelegramBotApiEmulator({ bots: readBots(process.env['TELEGRAM_BOTS'], process.env['TELEGRAM_BOT_TOKENS']) });
  const apiRoot = await emulator.start(port);
  process.stdout.write(`${JSON.stringify({ level: 'info', app: 'telegram-bot-api-emulator', msg: 'Telegram Bot API emulation listening', apiRoot })}\n`);
  const stop = (): void => void emulator.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
