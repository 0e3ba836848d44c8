import { createServer, type Server } from 'node:http';
import { DurableHandoff, MediaIntake, NoSpool, WebhookError, WebhookErrorCode } from '@tributary/channel-kit';
import { waitFor } from '@tributary/platform-testing';
import { RecordingHandoffPublisher } from './emulation/recording-handoff.publisher';
import { TelegramBotApiEmulator } from './emulation/telegram-bot-api.emulator';
import { postTelegramUpdate, type TelegramCustomer } from './emulation/telegram-update.builder';
import type { TelegramBot } from './telegram-bot';
import { TelegramWebhookIntake } from './telegram-webhook.intake';
import { TelegramWebhookRegistrar, telegramWebhookUrl } from './telegram-webhook.registrar';
import { telegramBotKeyOf, TelegramWebhookVerifier } from './telegram-webhook.verifier';

const TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const SECRET = '7012345678_acme-secret-token-000000000001';
const BOT: TelegramBot = { key: 'acme_support_bot', botId: '7012345678', tenantId: 'acme', token: () => TOKEN, secretTokens: () => [SECRET] };
const JANE: TelegramCustomer = { id: 912873, firstName: 'Jane' };

/**
 * The webhook path end to end without Nest: setWebhook through the registrar, then Telegram (the
 * emulation) posting updates to a server that does what the lead's controller and the kit's edge do:
 * verify, then one call into the intake; a WebhookError becomes 403 or 400.
 */
describe('Telegram webhook mode, from setWebhook to the hand-off', () => {
  let emulator: TelegramBotApiEmulator;
  let publisher: RecordingHandoffPublisher;
  let server: Server;
  let baseUrl: string;

  beforeEach(async () => {
    emulator = new TelegramBotApiEmulator({ bots: [{ token: TOKEN, username: 'acme_support_bot' }], webhookRetryMs: 20 });
    await emulator.start();
    publisher = new RecordingHandoffPublisher();
    const bots = new Map([[BOT.key, BOT]]);
    const intake = new TelegramWebhookIntake(new DurableHandoff(publisher, new NoSpool(), { timeoutMs: 1_000 }), new MediaIntake({ fetchToBlob: () => Promise.reject(new Error('none')) }, { add: () => Promise.resolve() }, { deadlineMs: 100, retryInMs: 1_000 }), { bots });
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks);
        const verifier = new TelegramWebhookVerifier(bots, baseUrl);
        const publicUrl = `${baseUrl}${request.url ?? '/'}`;
        Promise.resolve()
          .then(() => verifier.verify({ rawBody, headers: request.headers, publicUrl }))
          .then(() => intake.receive(telegramBotKeyOf(publicUrl) ?? '', JSON.parse(rawBody.toString('utf8'))))
          .then(
            () => response.writeHead(200).end(),
            (error: unknown) => response.writeHead(error instanceof WebhookError && error.code === WebhookErrorCode.SignatureInvalid ? 403 : 400).end(),
          );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterEach(async () => {
    await emulator.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  it("registers the bot's URL with its secret, and Telegram's deliveries are handed off once each", async () => {
    await new TelegramWebhookRegistrar({ apiRoot: emulator.apiRoot, webhookBaseUrl: baseUrl }).register(BOT);
    expect(emulator.bot('acme_support_bot').webhook).toEqual({ url: telegramWebhookUrl({ webhookBaseUrl: baseUrl }, 'acme_support_bot'), secretToken: SECRET, allowedUpdates: ['message', 'edited_message'] });
    const update = emulator.customers.sends('acme_support_bot', JANE, { text: 'Is anyone there?' });
    await waitFor('the delivery', () => publisher.inbound().length === 1);
    await emulator.webhooksSettled();
    expect(emulator.webhookDeliveries).toEqual([{ bot: 'acme_support_bot', updateId: update.update_id, status: 200 }]);
    expect(publisher.inbound()[0]).toMatchObject({ text: 'Is anyone there?', inbox: { address: 'acme_support_bot' } });
  });

  it('answers a wrong or missing secret with 403 and hands nothing off', async () => {
    const update = emulator.customers.sends('acme_support_bot', JANE, { text: 'forged' });
    const url = telegramWebhookUrl({ webhookBaseUrl: baseUrl }, 'acme_support_bot');
    expect(await postTelegramUpdate(url, update, '7012345678_not-the-secret-token-0000000000')).toBe(403);
    expect(await postTelegramUpdate(url, update, undefined)).toBe(403);
    expect(await postTelegramUpdate(telegramWebhookUrl({ webhookBaseUrl: baseUrl }, 'other_bot'), update, SECRET)).toBe(403);
    expect(publisher.published).toEqual([]);
    expect(await postTelegramUpdate(url, update, SECRET)).toBe(200);
    expect(publisher.inbound()).toHaveLength(1);
  });

  it('refuses to register a bot without a secret, and reports a refused setWebhook without the token', async () => {
    const registrar = new TelegramWebhookRegistrar({ apiRoot: emulator.apiRoot, webhookBaseUrl: 'http://example.com' });
    await expect(registrar.register({ ...BOT, secretTokens: () => [] })).rejects.toThrow('no webhook secret token');
    const refused = await registrar.register(BOT).then(() => undefined, (reason: unknown) => reason as Error);
    expect(refused?.message).toBe('setWebhook: 400 Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
  });
});
