import { TOPICS } from '@tributary/contracts';
import { twilioSignature, type TwilioParams } from '@tributary/channel-voice';
import { TwilioEmulator } from '@tributary/channel-voice/testing';
import { toKafkaJsConfig } from '@tributary/platform-kafka';
import { bootApp, fuzzOptions, waitFor, type BootedApp, type TestDatabase } from '@tributary/platform-testing';
import fc from 'fast-check';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { voiceIngestApp } from '../src/voice-ingest.app';
import { voiceGroupsFromNow } from './voice-consumer-groups';
import { createVoiceIngestDatabase } from './voice-ingest-database';

/**
 * voice-ingest's real HTTP app against the real broker and database, fed generated requests: any
 * method, path, query, headers and body, signed correctly, wrongly or not at all. Every answer is
 * below 500, and every record on Kafka and every pending voicemail in the database comes from a
 * request that was signed correctly: nothing is produced without a valid signature.
 */

const TENANT = `fzv-${randomUUID().slice(0, 8)}`;
const ACCOUNT = `AC${randomUUID().replaceAll('-', '')}`;
const TOKEN = `fuzz-token-${randomUUID()}`;
const PUBLIC = 'https://voice-fuzz.example.com';
const LINE = '+498912340000';
const ROUTES = ['/twilio/sms', '/twilio/voice', '/twilio/voice/recorded', '/twilio/voice/recording', '/twilio/voice/transcription', '/twilio/voice/status', '/twilio/messages/status'];

const hex32 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 });
const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 6, maxLength: 14 });
const anyText = (maxLength = 48) => fc.string({ unit: 'binary', maxLength });
const mostly = (...valid: fc.Arbitrary<string>[]) => fc.oneof({ weight: 12, arbitrary: fc.oneof(...valid) }, { weight: 1, arbitrary: anyText() }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'valueOf') });
const e164 = digits.map((rest) => `+4${rest}`);

interface Wire {
  /** How fast-check prints the request in a counterexample. */
  readonly [fc.toStringMethod]: () => string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  /** Signed exactly as Twilio signs, for the public URL: the only requests allowed to produce anything. */
  readonly signed: boolean;
  readonly sids: readonly string[];
}

function group(pairs: readonly (readonly [string, string])[]): TwilioParams {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of pairs) grouped.set(name, [...(grouped.get(name) ?? []), value]);
  return Object.fromEntries([...grouped].map(([name, values]) => [name, values.length === 1 ? (values[0] ?? '') : values]));
}

describe('voice-ingest webhooks under generated requests', () => {
  const emulator = new TwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN, numbers: [LINE] });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const produced: { topic: string; sid: string }[] = [];
  const signedSids = new Set<string>();
  let directory: string;
  let voiceDb: TestDatabase;
  let voice: BootedApp;
  let reader: Consumer;
  let recording: { sid: string; url: string };

  /** Twilio-shaped parameters for any route, every field sometimes wrong; SIDs fresh, so each record names its request. */
  const params = fc
    .record({
      sid: hex32,
      // SMS, and WhatsApp through Twilio on the same route (From and To prefixed `whatsapp:`).
      from: mostly(e164, e164, e164.map((number) => `whatsapp:${number}`)),
      to: mostly(fc.constant(LINE), fc.constant(LINE), fc.constant(`whatsapp:${LINE}`), e164),
      body: fc.oneof(anyText(160), fc.string({ unit: 'binary', minLength: 1595, maxLength: 1610 })),
      // Mostly none: each media a signed MMS names is fetched, or logged as failed at error level.
      numMedia: mostly(fc.constantFrom('0', '0', '0', '0', '0', '0', '1', '2', '11')),
      mediaUrl: fc.constantFrom('https://evil.example/x.png', 'not a url', '{emulator}/Media/ME0'),
      callStatus: mostly(fc.constantFrom('completed', 'busy', 'no-answer', 'in-progress')),
      recordingStatus: mostly(fc.constantFrom('completed', 'absent')),
      knownRecording: fc.boolean(),
      knownUrl: fc.boolean(),
      account: mostly(fc.constant(ACCOUNT)),
      messageStatus: mostly(fc.constantFrom('sent', 'delivered', 'failed', 'canceled')),
      extra: fc.array(fc.tuple(fc.oneof(anyText(12), fc.constantFrom('valueOf', '__proto__', 'toString', 'Body', 'To')), anyText()), { maxLength: 4 }),
    })
    .map((p) => {
      const pairs: [string, string][] = [
        ['AccountSid', p.account],
        ['MessageSid', `SM${p.sid}`],
        ['CallSid', `CA${p.sid}`],
        ['From', p.from],
        ['To', p.to],
        ['Body', p.body],
        ['NumMedia', p.numMedia],
        ['MediaUrl0', p.mediaUrl.replace('{emulator}', emulator.baseUrl)],
        ['CallStatus', p.callStatus],
        ['CallDuration', '7'],
        // Known to the emulated API or not, each on its own: a known URL may name an unknown recording.
        ['RecordingSid', p.knownRecording ? recording.sid : `RE${p.sid}`],
        ['RecordingUrl', p.knownUrl ? recording.url : `https://api.twilio.invalid/Recordings/RE${p.sid}`],
        ['RecordingStatus', p.recordingStatus],
        ['TranscriptionStatus', 'completed'],
        ['TranscriptionText', p.body],
        ['MessageStatus', p.messageStatus],
        ...p.extra,
      ];
      return { pairs, sids: [`SM${p.sid}`, `CA${p.sid}`] };
    });

  const statusQuery = fc.record({ ticketId: fc.uuid(), outboundId: fc.uuid(), traceId: hex32, channel: mostly(fc.constant('sms')) }).map((query) => new URLSearchParams({ tenantId: TENANT, ...query }).toString());

  /** Anything a client may send: method, route, content type, body and signature each chosen freely. */
  const chaos = fc.record({
    method: fc.constantFrom('POST', 'GET', 'PUT', 'DELETE', 'PATCH'),
    route: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ROUTES) }, { weight: 1, arbitrary: fc.webPath().map((path) => `/twilio/${path}`) }),
    query: fc.option(fc.oneof(statusQuery, fc.webQueryParameters()), { nil: undefined }),
    params,
    signature: fc.constantFrom('valid', 'none', 'garbage', 'internal-url', 'other-token', 'tampered'),
    body: fc.constantFrom('form', 'json', 'bytes', 'huge'),
    contentType: fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'application/x-www-form-urlencoded; charset=koi8-r', ''),
    bytes: fc.uint8Array({ maxLength: 200 }),
  });
  /** What Twilio sends: a form POST to one of our routes, signed for the public URL; only the parameters vary. */
  const twilioLike = fc.record({
    method: fc.constant('POST'),
    route: fc.constantFrom(...ROUTES),
    query: fc.option(statusQuery, { nil: undefined }),
    params,
    signature: fc.constant('valid'),
    body: fc.constant('form'),
    contentType: fc.constant('application/x-www-form-urlencoded'),
    bytes: fc.constant(new Uint8Array()),
  });

  const wire: fc.Arbitrary<Wire> = fc
    .oneof(chaos, twilioLike)
    .map(({ method, route, query, params: { pairs, sids }, signature, body, contentType, bytes }): Wire => {
      const path = query === undefined ? route : `${route}?${query}`;
      const raw =
        body === 'form' ? Buffer.from(new URLSearchParams(pairs).toString())
        : body === 'json' ? Buffer.from(JSON.stringify(Object.fromEntries(pairs)))
        : body === 'huge' ? Buffer.from(new URLSearchParams([...pairs, ['Padding', 'x'.repeat(70 * 1024)]]).toString())
        : Buffer.from(bytes);
      const signedParams = group(pairs);
      const signatureHeader =
        signature === 'valid' || signature === 'tampered' ? twilioSignature(TOKEN, `${PUBLIC}${path}`, signature === 'tampered' ? { ...signedParams, Body: `${String(signedParams['Body'])}!` } : signedParams)
        : signature === 'internal-url' ? twilioSignature(TOKEN, `http://127.0.0.1${path}`, signedParams)
        : signature === 'other-token' ? twilioSignature(`${TOKEN}x`, `${PUBLIC}${path}`, signedParams)
        : signature === 'garbage' ? Buffer.from(bytes).toString('base64').slice(0, 28)
        : undefined;
      const headers: Record<string, string> = { ...(contentType === '' ? {} : { 'content-type': contentType }), ...(signatureHeader === undefined ? {} : { 'x-twilio-signature': signatureHeader }) };
      // Signed exactly: the form Twilio would have posted. A JSON body is signed as a form here, which is no valid signature.
      const signed = signature === 'valid' && method === 'POST' && (body === 'form' || body === 'huge') && contentType === 'application/x-www-form-urlencoded';
      // How fast-check prints a counterexample: the request as it went on the wire, readable.
      const shown = () => `${method} ${path} ${JSON.stringify(headers)} ${JSON.stringify(raw.toString('utf8').slice(0, 2_000))} (${raw.length} bytes${signed ? ', signed' : ''})`;
      return { method, path, headers, body: raw, signed, sids, [fc.toStringMethod]: shown };
    });

  function send(request: Wire): Promise<number> {
    return new Promise((resolve, reject) => {
      const { port } = new URL(voice.baseUrl);
      const outgoing = httpRequest({ host: '127.0.0.1', port, method: request.method, path: request.path, agent, headers: { ...request.headers, 'content-length': String(request.body.length) }, timeout: 10_000 }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer to ${request.method} ${request.path}`)));
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'voice-fuzz-'));
    voiceDb = await createVoiceIngestDatabase();
    await emulator.start();
    recording = emulator.addRecording(`CA${'a'.repeat(32)}`, 9, Buffer.from('fuzz audio'));
    voice = await bootApp(voiceIngestApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: voiceDb.url,
      TWILIO_ACCOUNT_SID: ACCOUNT,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_API_BASE_URL: emulator.baseUrl,
      TWILIO_WEBHOOK_BASE_URL: PUBLIC,
      TWILIO_NUMBERS: JSON.stringify({ [LINE]: { tenantId: TENANT } }),
      ...(await voiceGroupsFromNow('voice-fuzz')).env,
      TWILIO_MMS_MEDIA_DEADLINE_MS: '1000',
      SPOOL_DIR: join(directory, 'spool'),
      BLOB_STORE_DIR: join(directory, 'blobs'),
    });
    await waitFor('voice-ingest to become ready', async () => (await voice.get('/health/ready')).status === 200, 60_000, 200);
    // A group of this suite's own, reading from where the topics end now: only this suite's tenant counts.
    const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'voice-fuzz-test', brokers: (process.env['KAFKA_BROKERS'] ?? '').split(',') }), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const topics = [TOPICS.inbound, TOPICS.delivery];
    const ends = await Promise.all(topics.map(async (topic) => ({ topic, offsets: await admin.fetchTopicOffsets(topic) })));
    await admin.disconnect();
    reader = kafka.consumer({ groupId: `voice-fuzz-${randomUUID()}` });
    const joined = new Promise<void>((resolve) => reader.on(reader.events.GROUP_JOIN, () => resolve()));
    await reader.connect();
    await reader.subscribe({ topics, fromBeginning: true });
    await reader.run({
      eachMessage: ({ topic, message }) => {
        const value = JSON.parse(message.value?.toString('utf8') ?? '{}') as Record<string, unknown>;
        if (value['tenantId'] === TENANT) produced.push({ topic, sid: String(value['providerMessageId'] ?? value['messageId']) });
        return Promise.resolve();
      },
    });
    // Seeking needs the group joined; until then nothing is fetched, so nothing before the ends is read.
    await joined;
    for (const { topic, offsets } of ends) for (const { partition, offset } of offsets) reader.seek({ topic, partition, offset });
  }, 120_000);

  afterAll(async () => {
    agent.destroy();
    await reader?.disconnect();
    await voice?.close();
    await emulator.stop();
    await voiceDb?.drop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it('answers every generated webhook below 500, and produces records only for correctly signed ones', async () => {
    const statuses = new Map<number, number>();
    let acceptedSigned = 0;
    await fc.assert(
      fc.asyncProperty(wire, async (request) => {
        // Registered before sending: a record may land before the answer does.
        if (request.signed) for (const sid of request.sids) signedSids.add(sid);
        const status = await send(request);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (request.signed && status < 300) acceptedSigned += 1;
        expect(status).toBeLessThan(500);
      }),
      fuzzOptions(10_000),
    );
    // The broker has had the records of every answered webhook since its answer; the reader needs a moment.
    await waitFor('the reader to catch up', async () => {
      const before = produced.length;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return produced.length === before;
    }, 60_000, 0);
    const unsignedRecords = produced.filter((record) => !signedSids.has(record.sid));
    expect(unsignedRecords).toEqual([]);
    const pending = await voiceDb.dataSource.query<{ call_sid: string }[]>('SELECT call_sid FROM voice_pending_voicemails');
    expect(pending.filter((row) => !signedSids.has(row.call_sid))).toEqual([]);
    // The generators reach the accepted paths too: SMS, calls and status callbacks became records.
    expect(acceptedSigned).toBeGreaterThan(1_000);
    expect(new Set(produced.map((record) => record.topic))).toEqual(new Set([TOPICS.inbound, TOPICS.delivery]));
    process.stderr.write(`voice-ingest fuzz: statuses ${JSON.stringify(Object.fromEntries(statuses))}, ${produced.length} records from ${acceptedSigned} accepted signed webhooks\n`);
  }, 600_000);
});
