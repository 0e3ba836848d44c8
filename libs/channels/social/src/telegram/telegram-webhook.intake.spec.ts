import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DurableHandoff, MediaFetchError, MediaFetcher, MediaIntake, NoSpool, WebhookError, WebhookErrorCode, type PendingMediaInput } from '@tributary/channel-kit';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { RecordingHandoffPublisher } from './emulation/recording-handoff.publisher';
import { TelegramBotApiEmulator } from './emulation/telegram-bot-api.emulator';
import type { TelegramCustomer } from './emulation/telegram-update.builder';
import type { TelegramBot } from './telegram-bot';
import { TELEGRAM_MEDIA_PROVIDER, TelegramMediaDownloader } from './telegram-media.downloader';
import { TelegramWebhookIntake } from './telegram-webhook.intake';

const TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const BOT: TelegramBot = { key: 'acme_support_bot', botId: '7012345678', tenantId: 'acme', token: () => TOKEN, secretTokens: () => [] };
const JANE: TelegramCustomer = { id: 912873, firstName: 'Jane', username: 'jane_d' };

describe('TelegramWebhookIntake with the Telegram media downloader', () => {
  let emulator: TelegramBotApiEmulator;
  let publisher: RecordingHandoffPublisher;
  let queued: PendingMediaInput[];
  let failures: MediaFetchError[];
  let blobs: string;
  let intake: TelegramWebhookIntake;
  let downloader: TelegramMediaDownloader;

  beforeEach(async () => {
    emulator = new TelegramBotApiEmulator({ bots: [{ token: TOKEN, username: 'acme_support_bot' }] });
    await emulator.start();
    blobs = mkdtempSync(join(tmpdir(), 'telegram-blobs-'));
    failures = [];
    const fetcher = new MediaFetcher(new LocalDirectoryBlobStore(blobs), {
      policies: [
        // No credential headers: the token travels in the path, which only this downloader builds.
        { provider: TELEGRAM_MEDIA_PROVIDER, credentialHosts: [], hosts: [new URL(emulator.apiRoot).host], contentTypes: ['*/*'], maxBytes: 20 * 1024 * 1024, timeoutMs: 5_000, allowHttpOnLoopback: true },
      ],
      onFailure: (error) => failures.push(error),
    });
    downloader = new TelegramMediaDownloader(fetcher, { apiRoot: emulator.apiRoot, bots: new Map([[BOT.botId, BOT]]) });
    publisher = new RecordingHandoffPublisher();
    queued = [];
    const queue = { add: (media: readonly PendingMediaInput[]) => Promise.resolve(void queued.push(...media)) };
    intake = new TelegramWebhookIntake(new DurableHandoff(publisher, new NoSpool(), { timeoutMs: 1_000 }), new MediaIntake(downloader, queue, { deadlineMs: 3_000, retryInMs: 5_000 }), {
      bots: new Map([[BOT.key, BOT]]),
    });
  });

  afterEach(async () => {
    await emulator.stop();
    rmSync(blobs, { recursive: true, force: true });
  });

  it('hands off a text update once per delivery, with the same record each time', async () => {
    const update = emulator.customers.sends('acme_support_bot', JANE, { text: 'Where is my parcel?' });
    expect(await intake.receive('acme_support_bot', update)).toEqual({ updateId: update.update_id, handedOff: 1 });
    await intake.receive('acme_support_bot', JSON.parse(JSON.stringify(update)));
    const [first, again] = publisher.inbound();
    expect(first).toMatchObject({ text: 'Where is my parcel?', dedupeKey: `telegram:7012345678:912873:${update.message?.message_id}` });
    expect({ ...again, receivedAt: undefined }).toEqual({ ...first, receivedAt: undefined });
  });

  it('copies the largest photo size, a document, a voice note and a video note into the blob store through getFile', async () => {
    const photo = Buffer.alloc(2048, 7);
    const updates = [
      emulator.customers.sends('acme_support_bot', JANE, { photo, caption: 'the dent' }),
      emulator.customers.sends('acme_support_bot', JANE, { document: Buffer.from('%PDF-1.7'), fileName: 'invoice.pdf', mimeType: 'application/pdf' }),
      emulator.customers.sends('acme_support_bot', JANE, { voice: Buffer.from('OggS-voice') }),
      emulator.customers.sends('acme_support_bot', JANE, { videoNote: Buffer.from('mp4-video-note') }),
    ];
    for (const update of updates) await intake.receive('acme_support_bot', update);
    const messages = publisher.inbound();
    expect(messages.map((message) => message.attachments.map((attachment) => [attachment.contentType, attachment.sizeBytes]))).toEqual([
      [['image/jpeg', 2048]],
      [['application/pdf', 8]],
      [['audio/ogg', 10]],
      [['video/mp4', 14]],
    ]);
    expect(readFileSync(fileURLToPath(messages[0]?.attachments[0]?.storageUri ?? ''))).toEqual(photo);
    expect(messages[0]?.text).toBe('the dent');
    expect(emulator.calls.get('getfile')).toBe(4);
  });

  it('announces a file Telegram no longer has as failed, and one it cannot reach in time as pending, without the token anywhere', async () => {
    const update = emulator.customers.sends('acme_support_bot', JANE, { document: Buffer.from('gone'), fileName: 'gone.txt', mimeType: 'text/plain' });
    emulator.bot('acme_support_bot').files.clear();
    await intake.receive('acme_support_bot', update);
    expect(publisher.inbound()[0]?.pendingAttachments).toEqual([expect.objectContaining({ name: 'gone.txt', state: 'failed' })]);

    const later = emulator.customers.sends('acme_support_bot', JANE, { voice: Buffer.from('OggS') });
    emulator.failNext(502, { method: 'getFile' });
    await intake.receive('acme_support_bot', later);
    expect(publisher.inbound()[1]?.pendingAttachments).toEqual([expect.objectContaining({ state: 'pending' })]);
    expect(queued).toEqual([expect.objectContaining({ provider: 'telegram', url: expect.stringMatching(/^telegram-file:7012345678\//) })]);
    // The retry worker hands the queued locator back to the same downloader.
    await expect(downloader.fetchToBlob(TELEGRAM_MEDIA_PROVIDER, queued[0]?.url ?? '')).resolves.toMatchObject({ sizeBytes: 4 });
    const secret = TOKEN.split(':')[1] ?? '';
    expect(JSON.stringify([publisher.published, queued, failures.map((failure) => [failure.message, failure.host])])).not.toContain(secret);
  });

  it('refuses a body that is not an Update (400) and passes over update kinds without a message', async () => {
    const error = await intake.receive('acme_support_bot', { message: { text: 'no update id' } }).then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(WebhookError);
    expect((error as WebhookError).code).toBe(WebhookErrorCode.PayloadInvalid);
    expect(await intake.receive('acme_support_bot', { update_id: 5, my_chat_member: {} })).toMatchObject({ handedOff: 0, ignored: expect.any(String) });
    expect(publisher.published).toEqual([]);
  });
});
