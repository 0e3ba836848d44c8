import { randomUUID } from 'node:crypto';
import type { OutboundMessageV1Message } from '@tributary/contracts';
import { outboundReplyFixture } from '@tributary/contracts/testing';
import { TelegramBotApiEmulator } from './emulation/telegram-bot-api.emulator';
import type { TelegramCustomer } from './emulation/telegram-update.builder';
import { TelegramApiError, TelegramApiErrorCode } from './telegram-api.error';
import type { TelegramBot } from './telegram-bot';
import { TelegramReplySender } from './telegram-reply.sender';

const TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const JANE: TelegramCustomer = { id: 912873, firstName: 'Jane' };
const bot = (token = TOKEN): TelegramBot => ({ key: 'acme_support_bot', botId: '7012345678', tenantId: 'acme', token: () => token, secretTokens: () => [] });

describe('TelegramReplySender', () => {
  let emulator: TelegramBotApiEmulator;
  let sender: TelegramReplySender;

  const reply = (overrides: Partial<OutboundMessageV1Message> = {}): OutboundMessageV1Message =>
    outboundReplyFixture({
      outboundId: randomUUID(),
      tenantId: 'acme',
      channel: 'telegram',
      to: { kind: 'telegram', value: String(JANE.id) },
      from: { address: 'acme_support_bot' },
      thread: { references: [], conversationId: String(JANE.id) },
      text: 'Your parcel left the depot this morning.',
      ...overrides,
    });

  beforeEach(async () => {
    emulator = new TelegramBotApiEmulator({ bots: [{ token: TOKEN, username: 'acme_support_bot' }] });
    await emulator.start();
    sender = new TelegramReplySender({ apiRoot: emulator.apiRoot, bots: new Map([['acme_support_bot', bot()]]), maxWaitMs: 2_000 });
  });

  afterEach(() => emulator.stop());

  it("answers the customer's message with reply_parameters and reports it sent", async () => {
    const asked = emulator.customers.sends('acme_support_bot', JANE, { text: 'Where is my parcel?' }).message?.message_id ?? 0;
    const outbound = reply({ answering: { providerMessageId: `${JANE.id}:${asked}`, receivedAt: new Date().toISOString() } });
    const status = await sender.send(outbound);
    expect(emulator.sent).toEqual([{ bot: 'acme_support_bot', chatId: JANE.id, messageId: asked + 1, text: outbound.text, replyToMessageId: asked }]);
    expect(status).toMatchObject({ outboundId: outbound.outboundId, channel: 'telegram', provider: 'telegram', state: 'sent', providerMessageId: `${JANE.id}:${asked + 1}` });
  });

  it('still sends when the quoted message is gone, and sends without a quote when there is none', async () => {
    emulator.customers.sends('acme_support_bot', JANE, { text: 'hi' });
    await sender.send(reply({ answering: { providerMessageId: `${JANE.id}:999`, receivedAt: new Date().toISOString() } }));
    await sender.send(reply());
    expect(emulator.sent.map((sent) => sent.replyToMessageId)).toEqual([undefined, undefined]);
    expect(emulator.refused).toEqual([]);
  });

  it('fails a reply to a customer who blocked the bot with TELEGRAM_BOT_BLOCKED, once, without retrying', async () => {
    emulator.customers.sends('acme_support_bot', JANE, { text: 'hi' });
    emulator.blockBy('acme_support_bot', JANE.id);
    const status = await sender.send(reply());
    expect(status).toMatchObject({ state: 'failed', error: { code: 'TELEGRAM_BOT_BLOCKED', message: expect.stringContaining('blocked the bot'), recipientUnreachable: true } });
    expect(emulator.calls.get('sendmessage')).toBe(1);
  });

  it('fails a reply to an unknown chat, an unknown bot and a non-Telegram identity with clear codes', async () => {
    expect((await sender.send(reply())).error).toEqual({ code: 'TELEGRAM_CHAT_NOT_FOUND', message: expect.any(String) as unknown });
    expect((await sender.send(reply({ from: { address: 'other_bot' } }))).error?.code).toBe('UNKNOWN_SENDER');
    expect((await sender.send(reply({ to: { kind: 'email', value: 'jane@example.com' } }))).error?.code).toBe('INVALID_RECIPIENT');
  });

  it("throws on 429 with Telegram's retry_after, and waits it out before the next send to that bot", async () => {
    emulator.customers.sends('acme_support_bot', JANE, { text: 'hi' });
    emulator.failNext(429, { retryAfter: 1, method: 'sendMessage' });
    const error = await sender.send(reply()).then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(TelegramApiError);
    expect(error).toMatchObject({ code: TelegramApiErrorCode.RateLimited, retryAfterMs: 1_000 });
    const started = Date.now();
    expect((await sender.send(reply())).state).toBe('sent');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('throws on a wrong token (401) and on a server error, so the reply is retried; the token never shows', async () => {
    emulator.customers.sends('acme_support_bot', JANE, { text: 'hi' });
    const wrong = new TelegramReplySender({ apiRoot: emulator.apiRoot, bots: new Map([['acme_support_bot', bot('7012345678:AAWrongWrongWrongWrongWrongWrong00')]]) });
    await expect(wrong.send(reply())).rejects.toMatchObject({ code: TelegramApiErrorCode.Unauthorized });
    emulator.failNext(500);
    await expect(sender.send(reply())).rejects.toMatchObject({ code: TelegramApiErrorCode.Unavailable });
    await emulator.stop();
    const unreachable = await sender.send(reply()).then(() => undefined, (reason: unknown) => reason as Error);
    expect(unreachable).toMatchObject({ code: TelegramApiErrorCode.Unavailable });
    expect(unreachable?.message).not.toContain(TOKEN.split(':')[1]);
  });
});
