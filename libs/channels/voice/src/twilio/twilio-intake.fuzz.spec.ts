import { DurableHandoff, MediaFetchError, MediaFetchErrorCode, MediaIntake, NoSpool, type HandoffPublisherPort, type HandoffRecord, type MediaDownloaderPort, type PendingMediaInput } from '@tributary/channel-kit';
import { DeliveryStatusV1, InboundMessageV1, parseContract } from '@tributary/contracts';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { fuzzOptions } from '@tributary/platform-testing';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PhoneLinesSchema } from '../config/phone-line.schema';
import { TwilioEmulator } from '../emulation/twilio-emulator';
import { TwilioDeliveryCallbackMapper } from '../replies/twilio-delivery-callback.mapper';
import { SmsIntake } from '../sms/sms-intake.service';
import type { CallRecordingsPort } from '../voice/call-recordings.port';
import { InMemoryPendingVoicemails } from '../voice/in-memory-pending-voicemails.fake';
import { VoiceCallIntake } from '../voice/voice-call-intake.service';
import { PhoneDirectory } from './phone-directory';
import { TwilioMediaFetcher } from './twilio-media.fetcher';
import { toTwilioParams } from './twilio-params.util';
import type { TwilioParams } from './twilio-signature.util';
import { TwilioWebhookError } from './twilio-webhook.error';

/**
 * Twilio's webhooks after the signature check, fed generated parameters: each either becomes a
 * record the contract accepts, for the tenant of the called line and from the caller, or is refused
 * with TwilioWebhookError (a 4xx at the edge). Any other error would be a 500 for a signed webhook.
 */

const ACCOUNT = `AC${'f'.repeat(32)}`;
const TOKEN = 'fuzz-auth-token-0123456789';
const LINE = '+498912345678';
const SHORT_CODE = '384387';
const TENANT = 'fuzz-voice';

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: length, maxLength: length });
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
/** Any text: lone surrogates, NUL and control characters included. */
const anyText = (maxLength = 64) => fc.string({ unit: 'binary', maxLength });
/** Names a plain object answers from its prototype. */
const prototypeNames = fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty');
const e164 = fc.tuple(fc.constantFrom(...'123456789'), digits(6, 14)).map(([first, rest]) => `+${first}${rest}`);
const sidOf = (prefix: string) => hex(32).map((sid) => `${prefix}${sid}`);
/** Mostly one of the valid values, sometimes any text or a prototype member's name. */
const mostly = (...valid: fc.Arbitrary<string>[]) => fc.oneof({ weight: 12, arbitrary: fc.oneof(...valid) }, { weight: 1, arbitrary: anyText() }, { weight: 1, arbitrary: prototypeNames });

/** Media the fake downloader stores (`ok`), may retry (`slow`) or refuses for good (anything else); never a real host. */
const mediaUrl = fc.oneof(fc.tuple(fc.constantFrom('ok', 'slow', 'gone'), fc.nat(999)).map(([kind, n]) => `https://media.fuzz.invalid/${kind}/${n}`), anyText());

/** Other parameters Twilio (or anyone) adds, a repeated name now and then. */
const extraParams = fc.dictionary(
  fc.oneof(anyText(16), prototypeNames, fc.constantFrom('SmsSid', 'MediaUrl0', 'MediaContentType0', 'MediaUrl1')),
  fc.oneof(anyText(), fc.array(anyText(), { minLength: 2, maxLength: 3 })),
  { maxKeys: 6 },
);
const withExtras = (known: fc.Arbitrary<Record<string, string>>): fc.Arbitrary<TwilioParams> =>
  fc.tuple(known, extraParams).map(([params, extra]) => ({ ...extra, ...params }));

const smsParams = withExtras(
  fc.record(
    {
      MessageSid: mostly(sidOf('SM'), sidOf('MM')),
      AccountSid: mostly(fc.constant(ACCOUNT)),
      // SMS, and WhatsApp through Twilio on the same route (From and To prefixed `whatsapp:`).
      From: mostly(e164, e164.map((number) => `whatsapp:${number}`), fc.constant('whatsapp:US.13491208655302741918')),
      To: mostly(fc.constantFrom(LINE, SHORT_CODE, `whatsapp:${LINE}`), fc.constantFrom(LINE, SHORT_CODE, `whatsapp:${LINE}`), e164, digits(5, 6)),
      Body: fc.oneof(anyText(200), fc.string({ unit: 'binary', minLength: 1590, maxLength: 1700 })),
      WaId: mostly(digits(6, 20)),
      ProfileName: fc.oneof(anyText(40), fc.string({ minLength: 250, maxLength: 300 })),
      Latitude: mostly(fc.double({ noNaN: true }).map(String)),
      Longitude: mostly(fc.double({ noNaN: true }).map(String)),
      OriginalRepliedMessageSid: mostly(sidOf('SM')),
      NumMedia: mostly(fc.integer({ min: 0, max: 12 }).map(String)),
      NumSegments: mostly(fc.nat(20).map(String)),
      MediaUrl0: mediaUrl,
      MediaContentType0: mostly(fc.constantFrom('image/png', 'image/jpeg', 'x')),
      MediaUrl1: mediaUrl,
      MediaUrl2: mediaUrl,
    },
    { requiredKeys: ['MessageSid', 'From', 'To'] },
  ),
);

/** Answers by the URL's path, as a Twilio media host would for these three kinds of media. */
class FuzzDownloader implements MediaDownloaderPort {
  fetchToBlob(provider: string, url: string): Promise<{ storageUri: string; sha256: string; sizeBytes: number; contentType: string }> {
    const sha256 = createHash('sha256').update(url).digest('hex');
    if (url.startsWith('https://media.fuzz.invalid/ok/')) return Promise.resolve({ storageUri: `blob://sha256/${sha256}`, sha256, sizeBytes: 10, contentType: 'image/png' });
    if (url.startsWith('https://media.fuzz.invalid/slow/')) return Promise.reject(new MediaFetchError(MediaFetchErrorCode.Timeout, 'too slow', { provider, host: 'media.fuzz.invalid' }));
    return Promise.reject(new MediaFetchError(MediaFetchErrorCode.HostNotAllowed, 'not a Twilio host', { provider }));
  }
}

/** Validates every record as KafkaHandoffPublisher does, and keeps it. */
class ValidatingPublisher implements HandoffPublisherPort {
  readonly published: HandoffRecord[] = [];
  validate(record: HandoffRecord): void {
    parseContract(InboundMessageV1, record.value);
  }
  publish(records: readonly HandoffRecord[]): Promise<void> {
    this.published.push(...records);
    return Promise.resolve();
  }
}

/**
 * A typed refusal resolves to 'refused'; so does a media fetch a later attempt may cure (host down,
 * timeout), which is a 5xx on purpose: Twilio retries it. Anything else fails the property.
 */
async function refusedOr<T>(work: Promise<T>): Promise<T | 'refused'> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof TwilioWebhookError || (error instanceof MediaFetchError && error.retryable)) return 'refused';
    throw error;
  }
}

function only(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

describe('Twilio webhooks after the signature check, under generated parameters', () => {
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN });
  const directory = new PhoneDirectory(PhoneLinesSchema.parse(JSON.stringify({ [LINE]: { tenantId: TENANT }, [SHORT_CODE]: { tenantId: TENANT } })));
  let blobDirectory: string;
  let publisher: ValidatingPublisher;
  let handoff: DurableHandoff;
  let recordingUrl: string;

  beforeAll(async () => {
    blobDirectory = await mkdtemp(join(tmpdir(), 'twilio-fuzz-'));
    await emulator.start();
    recordingUrl = emulator.addRecording(`CA${'1'.repeat(32)}`, 9, Buffer.from('fuzz audio')).url;
  });
  afterAll(async () => {
    await emulator.stop();
    await rm(blobDirectory, { recursive: true, force: true });
  });
  beforeEach(() => {
    publisher = new ValidatingPublisher();
    handoff = new DurableHandoff(publisher, new NoSpool(), { timeoutMs: 1_000 });
  });

  it('turns an SMS (or a WhatsApp message through Twilio) into a valid InboundMessage for the line’s tenant, or refuses it with TwilioWebhookError', async () => {
    const queued: PendingMediaInput[] = [];
    const media = new MediaIntake(new FuzzDownloader(), { add: (items) => (queued.push(...items), Promise.resolve()) }, { deadlineMs: 200, retryInMs: 1_000 });
    const intake = new SmsIntake(directory, handoff, media, () => new Date('2026-12-07T10:00:00Z'));
    await fc.assert(
      fc.asyncProperty(smsParams, async (params) => {
        const before = publisher.published.length;
        const outcome = await refusedOr(intake.receive(params));
        if (outcome === 'refused') {
          expect(publisher.published).toHaveLength(before);
          return;
        }
        const message = parseContract(InboundMessageV1, publisher.published.at(-1)?.value);
        expect(message).toMatchObject({ tenantId: TENANT, channel: only(params['From'])?.startsWith('whatsapp:') ? 'whatsapp' : 'sms' });
      }),
      fuzzOptions(10_000),
    );
    // The generators reach the accepted path too, not only refusals.
    expect(publisher.published.length).toBeGreaterThan(0);
  }, 60_000);

  describe('calls', () => {
    const callParams = withExtras(
      fc.record(
        {
          CallSid: mostly(sidOf('CA')),
          AccountSid: mostly(fc.constant(ACCOUNT)),
          From: mostly(e164),
          To: mostly(fc.constantFrom(LINE, SHORT_CODE), e164),
          CallStatus: mostly(fc.constantFrom('queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled')),
          CallDuration: mostly(fc.nat(7200).map(String)),
          RecordingSid: mostly(sidOf('RE')),
          RecordingUrl: mostly(fc.constant('{recording}'), mediaUrl, fc.webUrl()),
          RecordingStatus: mostly(fc.constantFrom('completed', 'absent', 'in-progress')),
          RecordingDuration: mostly(fc.nat(3600).map(String)),
          TranscriptionStatus: mostly(fc.constantFrom('completed', 'failed')),
          TranscriptionText: fc.oneof(anyText(300), fc.string({ unit: 'binary', minLength: 1, maxLength: 5000 })),
        },
        { requiredKeys: ['CallSid'] },
      ),
    );
    const webhook = fc.constantFrom('answer', 'callEnded', 'recordingStatus', 'transcribed');
    /** Recordings the API knows: every other call has none. */
    const recordings: CallRecordingsPort = {
      countRecordings: (callSid) => Promise.resolve(callSid.endsWith('0') ? 1 : 0),
      durationSeconds: () => Promise.resolve(9),
      parties: () => Promise.resolve({ from: '+4915112345678', to: LINE }),
    };

    it('answers, records and hands off calls as valid InboundMessages, or refuses them with TwilioWebhookError', async () => {
      // Plain http to the loopback emulation only; every other host a generated URL names is refused without a request.
      const fetcher = new TwilioMediaFetcher(new LocalDirectoryBlobStore(blobDirectory), { accountSid: ACCOUNT, authToken: TOKEN, apiBaseUrl: emulator.baseUrl, maxBytes: 10_000, timeoutMs: 2_000 });
      const intake = new VoiceCallIntake(directory, handoff, fetcher, recordings, new InMemoryPendingVoicemails(), { publicBaseUrl: 'https://voice.example.com', transcriptionWaitMs: 600_000 });
      await fc.assert(
        fc.asyncProperty(webhook, callParams, async (kind, generated) => {
          const params = generated['RecordingUrl'] === '{recording}' ? { ...generated, RecordingUrl: recordingUrl } : generated;
          const before = publisher.published.length;
          const outcome = await refusedOr(
            kind === 'answer' ? new Promise<string>((resolve) => resolve(intake.answer(params))) : kind === 'callEnded' ? intake.callEnded(params) : kind === 'recordingStatus' ? intake.recordingStatus(params) : intake.transcribed(params),
          );
          if (kind === 'answer' && outcome !== 'refused') expect(outcome).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Say>/);
          if (publisher.published.length > before) {
            const message = parseContract(InboundMessageV1, publisher.published.at(-1)?.value);
            expect(message).toMatchObject({ tenantId: TENANT, channel: 'voice', sender: { identities: [{ kind: 'phone', value: only(params['From']) }] } });
          }
        }),
        fuzzOptions(10_000),
      );
      const outcomes = publisher.published.map((record) => parseContract(InboundMessageV1, record.value).voice?.outcome);
      expect(new Set(outcomes)).toEqual(new Set(['voicemail', 'missed', 'abandoned']));
    }, 60_000);
  });

  it('maps message status callbacks to valid DeliveryStatus records, ignores statuses that say nothing, and refuses the rest with TwilioWebhookError', () => {
    const mapper = new TwilioDeliveryCallbackMapper();
    const query = withExtras(
      fc.record(
        {
          tenantId: mostly(fc.constant(TENANT)),
          ticketId: mostly(fc.uuid()),
          outboundId: mostly(fc.uuid()),
          traceId: mostly(hex(32).map((id) => id.toLowerCase())),
          channel: mostly(fc.constantFrom('sms', 'voice', 'email', 'whatsapp')),
        },
        { requiredKeys: [] },
      ),
    );
    const body = withExtras(
      fc.record(
        { MessageSid: mostly(sidOf('SM'), sidOf('MM')), MessageStatus: mostly(fc.constantFrom('accepted', 'queued', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'canceled', 'receiving')), ErrorCode: mostly(fc.nat(99999).map(String)) },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(query, body, (callbackQuery, callbackBody) => {
        let status;
        try {
          status = mapper.toDeliveryStatus({ query: callbackQuery, body: callbackBody }, new Date('2026-12-07T10:00:00Z'));
        } catch (error) {
          if (error instanceof TwilioWebhookError) return;
          throw error;
        }
        if (status !== undefined) parseContract(DeliveryStatusV1, status);
      }),
      fuzzOptions(10_000),
    );
  }, 60_000);

  it('reads any parsed body or query into flat parameters, or refuses it with TwilioWebhookError', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }), (body) => {
        try {
          const params = toTwilioParams(body);
          for (const value of Object.values(params)) expect(typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'))).toBe(true);
        } catch (error) {
          if (!(error instanceof TwilioWebhookError)) throw error;
        }
      }),
      fuzzOptions(10_000),
    );
  }, 60_000);
});
