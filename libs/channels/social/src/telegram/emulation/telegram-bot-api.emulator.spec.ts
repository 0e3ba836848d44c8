import { TelegramBotApiEmulator } from './telegram-bot-api.emulator';
import type { TelegramCustomer } from './telegram-update.builder';

const TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const JANE: TelegramCustomer = { id: 912873, firstName: 'Jane', lastName: 'Doe', username: 'jane_d', languageCode: 'en' };

interface ApiAnswer {
  readonly status: number;
  readonly body: { ok: boolean; result?: unknown; error_code?: number; description?: string; parameters?: { retry_after?: number } };
}

describe('TelegramBotApiEmulator', () => {
  let emulator: TelegramBotApiEmulator;
  let api: (method: string, params?: Record<string, unknown>, token?: string) => Promise<ApiAnswer>;

  beforeEach(async () => {
    emulator = new TelegramBotApiEmulator({ bots: [{ token: TOKEN, username: 'acme_support_bot' }], webhookRetryMs: 20 });
    const root = await emulator.start();
    api = async (method, params = {}, token = TOKEN) => {
      const response = await fetch(`${root}/bot${token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
      return { status: response.status, body: (await response.json()) as ApiAnswer['body'] };
    };
  });

  afterEach(() => emulator.stop());

  it('refuses an unknown token with 401 and an unknown method with 404, in the Bot API shape', async () => {
    expect(await api('getMe', {}, '7012345678:wrong-secret-wrong-secret-wrong')).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect(await api('sendPigeon')).toEqual({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
    expect((await api('GETME')).body).toMatchObject({ ok: true, result: { id: 7012345678, is_bot: true, username: 'acme_support_bot' } });
  });

  it('checks sendMessage as Telegram does: the chat, the text, the replied message', async () => {
    const update = emulator.customers.sends('acme_support_bot', JANE, { text: 'Hello?' });
    const asked = update.message?.message_id;
    expect(await api('sendMessage', { chat_id: 1, text: 'x' })).toMatchObject({ status: 400, body: { description: 'Bad Request: chat not found' } });
    expect(await api('sendMessage', { chat_id: JANE.id, text: '  ' })).toMatchObject({ status: 400, body: { description: 'Bad Request: message text is empty' } });
    expect(await api('sendMessage', { chat_id: JANE.id, text: 'x'.repeat(4097) })).toMatchObject({ status: 400, body: { description: 'Bad Request: message is too long' } });
    expect(await api('sendMessage', { chat_id: JANE.id, text: 'hi', reply_parameters: { message_id: 999 } })).toMatchObject({
      status: 400,
      body: { description: 'Bad Request: message to be replied not found' },
    });
    const sent = await api('sendMessage', { chat_id: String(JANE.id), text: 'x'.repeat(4096), reply_parameters: JSON.stringify({ message_id: asked }) });
    expect(sent.body).toMatchObject({ ok: true, result: { message_id: 2, chat: { id: JANE.id, type: 'private' }, reply_to_message: { message_id: asked, text: 'Hello?' } } });
    expect(emulator.sent).toEqual([{ bot: 'acme_support_bot', chatId: JANE.id, messageId: 2, text: 'x'.repeat(4096), replyToMessageId: asked }]);
    expect((await api('sendMessage', { chat_id: JANE.id, text: 'hi', reply_parameters: { message_id: 999, allow_sending_without_reply: true } })).status).toBe(200);
    // What a developer reads to see the replies the gateway sent: no token needed, nothing changed by reading.
    const received = (await (await fetch(`${emulator.apiRoot}/emulator/received`)).json()) as { sent: unknown[]; refused: unknown[] };
    expect(received.sent).toEqual(emulator.sent);
    expect(received.refused).toHaveLength(emulator.refused.length);
  });

  it('answers 403 to a customer who blocked the bot, and 429 with retry_after when told to', async () => {
    emulator.customers.sends('acme_support_bot', JANE, { text: 'Stop writing to me' });
    emulator.blockBy('acme_support_bot', JANE.id);
    expect(await api('sendMessage', { chat_id: JANE.id, text: 'Sorry!' })).toEqual({ status: 403, body: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' } });
    emulator.failNext(429, { retryAfter: 7, method: 'sendMessage' });
    expect(await api('sendMessage', { chat_id: JANE.id, text: 'Sorry!' })).toEqual({
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } },
    });
  });

  it('serves a file through getFile and /file/bot<token>/<file_path>, and only with the token', async () => {
    const update = emulator.customers.sends('acme_support_bot', JANE, { document: Buffer.from('%PDF-1.7 invoice'), fileName: 'invoice.pdf', mimeType: 'application/pdf' });
    const document = update.message?.['document'] as { file_id: string; file_size: number; file_name: string };
    expect(document).toMatchObject({ file_name: 'invoice.pdf', mime_type: 'application/pdf', file_size: 16 });
    const file = await api('getFile', { file_id: document.file_id });
    const path = (file.body.result as { file_path: string }).file_path;
    expect(file.body.result).toMatchObject({ file_id: document.file_id, file_size: 16, file_path: expect.stringMatching(/^documents\/file_\d+\.pdf$/) });
    const bytes = await fetch(`${emulator.apiRoot}/file/bot${TOKEN}/${path}`);
    expect(Buffer.from(await bytes.arrayBuffer()).toString()).toBe('%PDF-1.7 invoice');
    expect((await fetch(`${emulator.apiRoot}/file/bot7012345678:not-the-token/${path}`)).status).toBe(401);
    expect(await api('getFile', { file_id: 'AgADunknown' })).toMatchObject({ status: 400, body: { description: 'Bad Request: wrong file_id or the file is temporarily unavailable' } });
  });

  it('keeps updates until an offset above them confirms them, and long-polls for new ones', async () => {
    const first = emulator.customers.sends('acme_support_bot', JANE, { text: 'one' });
    emulator.customers.sends('acme_support_bot', JANE, { text: 'two' });
    const all = (await api('getUpdates')).body.result as { update_id: number }[];
    expect(all.map((update) => update.update_id)).toEqual([first.update_id, first.update_id + 1]);
    // Not confirmed by reading: asked again without an offset, both come again.
    expect(((await api('getUpdates')).body.result as unknown[]).length).toBe(2);
    expect(((await api('getUpdates', { offset: first.update_id + 1 })).body.result as unknown[]).length).toBe(1);
    expect(((await api('getUpdates')).body.result as unknown[]).length).toBe(1);
    const waiting = api('getUpdates', { offset: first.update_id + 2, timeout: 5 });
    setTimeout(() => emulator.customers.sends('acme_support_bot', JANE, { text: 'three' }), 50);
    expect((await waiting).body.result).toEqual([expect.objectContaining({ update_id: first.update_id + 2, message: expect.objectContaining({ text: 'three' }) })]);
  });

  it('ends a long poll that a newer getUpdates replaced with 409, as Telegram does', async () => {
    const older = api('getUpdates', { timeout: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const newer = api('getUpdates', { timeout: 1 });
    expect(await older).toMatchObject({ status: 409, body: { description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' } });
    expect((await newer).status).toBe(200);
  });

  it('delivers updates to a webhook with the secret header until answered 2xx, and refuses getUpdates meanwhile', async () => {
    const seen: { secret: string | undefined; body: unknown }[] = [];
    let answerWith = 500;
    const { createServer } = await import('node:http');
    const hook = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({ secret: request.headers['x-telegram-bot-api-secret-token'] as string | undefined, body: JSON.parse(Buffer.concat(chunks).toString()) as unknown });
        response.writeHead(answerWith).end();
        answerWith = 200;
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const port = (hook.address() as { port: number }).port;
    try {
      expect(await api('setWebhook', { url: 'http://example.com/hook' })).toMatchObject({ status: 400, body: { description: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook' } });
      expect(await api('setWebhook', { url: `http://127.0.0.1:${port}/telegram/webhook/acme_support_bot`, secret_token: 'has spaces' })).toMatchObject({ status: 400 });
      expect((await api('setWebhook', { url: `http://127.0.0.1:${port}/telegram/webhook/acme_support_bot`, secret_token: '7012345678_s3cret-Token_abcdefghijklmnop' })).body).toEqual({
        ok: true,
        result: true,
        description: 'Webhook was set',
      });
      expect(await api('getUpdates')).toMatchObject({ status: 409, body: { description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" } });
      const update = emulator.customers.sends('acme_support_bot', JANE, { text: 'via webhook' });
      await emulator.webhooksSettled();
      expect(seen).toEqual([
        { secret: '7012345678_s3cret-Token_abcdefghijklmnop', body: update },
        { secret: '7012345678_s3cret-Token_abcdefghijklmnop', body: update },
      ]);
      expect(emulator.bot('acme_support_bot').queue).toEqual([]);
      expect((await api('deleteWebhook')).body).toEqual({ ok: true, result: true, description: 'Webhook was deleted' });
      expect((await api('getUpdates')).body).toEqual({ ok: true, result: [] });
    } finally {
      await new Promise((resolve) => hook.close(resolve));
    }
  });
});
