import { MediaFetchErrorCode } from '@tributary/channel-kit';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TwilioEmulator } from '../emulation/twilio-emulator';
import { TwilioMediaFetcher } from './twilio-media.fetcher';
import { isGoneAtTwilio } from './twilio-resource-gone.util';
import { mediaFetchFailure as failure } from '@tributary/channel-kit/testing';

const ACCOUNT = `AC${'0'.repeat(32)}`;
const TOKEN = 'test-auth-token-0123456789';
const MESSAGE = `MM${'1'.repeat(32)}`;

describe('TwilioMediaFetcher', () => {
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN });
  /** Not Twilio: a host a forged or mistaken MediaUrl could name. */
  const stranger: { server?: Server; authorizations: (string | undefined)[] } = { authorizations: [] };
  let directory: string;
  let media: TwilioMediaFetcher;

  beforeAll(async () => {
    await emulator.start();
    stranger.server = createServer((request, response) => {
      stranger.authorizations.push(request.headers.authorization);
      response.writeHead(200, { 'content-type': 'image/png' }).end('not twilio');
    });
    await new Promise<void>((resolve) => stranger.server?.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await emulator.stop();
    await new Promise<void>((resolve) => stranger.server?.close(() => resolve()));
  });

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'twilio-media-'));
    media = new TwilioMediaFetcher(new LocalDirectoryBlobStore(directory), { accountSid: ACCOUNT, authToken: TOKEN, maxBytes: 1_000_000, timeoutMs: 2_000, apiBaseUrl: emulator.baseUrl });
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('copies a recording and MMS media with the account credentials into the blob store', async () => {
    const audio = Buffer.from('RIFF....WAVEfmt fake audio');
    const recording = await media.fetchToBlob(emulator.addRecording(`CA${'2'.repeat(32)}`, 3, audio).url);
    expect(recording).toMatchObject({ contentType: 'audio/x-wav', sizeBytes: audio.length });
    expect((await readFile(fileURLToPath(recording.storageUri))).equals(audio)).toBe(true);
    await expect(media.fetchToBlob(emulator.addMedia(MESSAGE, Buffer.from('png'), 'image/png'))).resolves.toMatchObject({ contentType: 'image/png', sizeBytes: 3 });
  });

  it('reports a recording Twilio no longer has as gone, so the voicemail fallback can drop it', async () => {
    const error = await failure(media.fetchToBlob(`${emulator.baseUrl}/2010-04-01/Accounts/${ACCOUNT}/Recordings/RE${'9'.repeat(32)}`));
    expect(error).toMatchObject({ code: MediaFetchErrorCode.Gone, status: 404, retryable: false });
    expect(isGoneAtTwilio(error)).toBe(true);
  });

  it('never sends the credentials to a host that is not Twilio', async () => {
    const port = (stranger.server?.address() as AddressInfo).port;
    const error = await failure(media.fetchToBlob(`http://127.0.0.1:${port}/2010-04-01/Accounts/${ACCOUNT}/Messages/${MESSAGE}/Media/ME1`));
    expect(error.code).toBe(MediaFetchErrorCode.HostNotAllowed);
    expect(stranger.authorizations).toEqual([]);
  });

  it('trusts only api.twilio.com unless told the API base URL, and plain http only on loopback', async () => {
    const defaults = new TwilioMediaFetcher(new LocalDirectoryBlobStore(directory), { accountSid: ACCOUNT, authToken: TOKEN, maxBytes: 1_000, timeoutMs: 1_000 });
    const error = await failure(defaults.fetchToBlob(emulator.addMedia(MESSAGE, Buffer.from('png'), 'image/png')));
    expect(error.code).toBe(MediaFetchErrorCode.HostNotAllowed);
    expect(() => new TwilioMediaFetcher(new LocalDirectoryBlobStore(directory), { accountSid: ACCOUNT, authToken: TOKEN, maxBytes: 1, timeoutMs: 1, apiBaseUrl: 'http://twilio-proxy.internal' })).toThrow(
      /https only/,
    );
  });
});
