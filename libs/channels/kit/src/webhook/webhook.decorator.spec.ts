import { Body, Controller, HttpCode, Inject, Post, type INestApplication } from '@nestjs/common';
import { createApp, loadAppConfig, type AppDefinition } from '@tributary/platform-app';
import { SpoolFullError } from '@tributary/platform-spool';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { WebhookError, WebhookErrorCode } from './webhook.error';
import { Webhook } from './webhook.decorator';
import type { WebhookRequest, WebhookVerifierPort } from './webhook-verifier.port';

const SECRET = 'app-secret';
const PUBLIC = 'https://hooks.example.com';
const VERIFIER = Symbol('VERIFIER');
const INTAKE = Symbol('INTAKE');

const sign = (url: string, raw: string) => createHmac('sha256', SECRET).update(url).update(raw).digest('hex');

/** Signs the URL and the raw bytes, as chat and Meta-style providers do (their JSON is never re-serialized). */
class HmacVerifier implements WebhookVerifierPort {
  readonly publicBaseUrl = PUBLIC;

  verify(request: WebhookRequest): void {
    const given = Buffer.from(String(request.headers['x-signature'] ?? ''));
    const expected = Buffer.from(sign(request.publicUrl, request.rawBody.toString('latin1')));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new WebhookError(WebhookErrorCode.SignatureInvalid, 'X-Signature does not match');
  }
}

interface Intake {
  full: boolean;
  readonly accepted: unknown[];
}

@Controller('hooks')
@Webhook({ verifier: VERIFIER, maxBodyBytes: 1024 })
class HookController {
  constructor(@Inject(INTAKE) private readonly intake: Intake) {}

  @Post('message')
  @HttpCode(202)
  accept(@Body() body: unknown): void {
    if (typeof body !== 'object' || body === null || !('text' in body)) throw new WebhookError(WebhookErrorCode.PayloadInvalid, 'not a message event');
    if (this.intake.full) throw new SpoolFullError(4096, 4096);
    this.intake.accepted.push(body);
  }
}

describe('the webhook edge on a real HTTP server', () => {
  const intake: Intake = { full: false, accepted: [] };
  let app: INestApplication;
  let baseUrl: string;

  const definition: AppDefinition<z.ZodObject> = {
    name: 'webhook-sample',
    summary: 'one webhook behind the kit',
    configSchema: z.object({}),
    module: () => ({
      module: class HookModule {},
      controllers: [HookController],
      providers: [
        { provide: VERIFIER, useClass: HmacVerifier },
        { provide: INTAKE, useValue: intake },
      ],
    }),
  };

  beforeAll(async () => {
    const env = { KAFKA_BROKERS: '127.0.0.1:1', LOG_LEVEL: 'error' };
    ({ app } = await createApp(definition, loadAppConfig(definition, env), env));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  });

  afterAll(() => app.close());

  beforeEach(() => {
    intake.full = false;
    intake.accepted.length = 0;
  });

  async function post(raw: string, signature: string | null = sign(`${PUBLIC}/hooks/message?v=1`, raw)) {
    const response = await fetch(`${baseUrl}/hooks/message?v=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-signature': signature }) },
      body: raw,
    });
    const text = await response.text();
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
  }

  it('accepts a body signed byte for byte for the public URL', async () => {
    expect((await post('{ "text" :  "hi" }')).status).toBe(202);
    expect(intake.accepted).toEqual([{ text: 'hi' }]);
  });

  it('answers 403 to a missing or wrong signature, or one made for the URL this server sees, and runs nothing', async () => {
    const raw = '{"text":"hi"}';
    expect((await post(raw, null)).status).toBe(403);
    expect((await post('{"text":"hi!"}', sign(`${PUBLIC}/hooks/message?v=1`, raw))).status).toBe(403);
    expect((await post(raw, sign(`${baseUrl}/hooks/message?v=1`, raw))).status).toBe(403);
    expect((await post(raw, null)).body).toEqual({ error: 'WEBHOOK_SIGNATURE_INVALID', message: 'X-Signature does not match' });
    expect(intake.accepted).toEqual([]);
  });

  it("answers 413 to a body over the route's limit, before checking or running anything", async () => {
    const raw = JSON.stringify({ text: 'x'.repeat(1100) });
    expect(await post(raw)).toMatchObject({ status: 413, body: { message: 'request body is larger than this route accepts (1024 bytes)' } });
    expect(intake.accepted).toEqual([]);
  });

  it('answers 400 to malformed JSON and to a signed payload that is not a message', async () => {
    expect((await post('{"text":')).status).toBe(400);
    expect(await post('{"other":1}')).toMatchObject({ status: 400, body: { error: 'WEBHOOK_PAYLOAD_INVALID' } });
  });

  it('answers 503 with Retry-After while the spool is full', async () => {
    intake.full = true;
    expect(await post('{"text":"hi"}')).toMatchObject({ status: 503, retryAfter: '30', body: { error: 'SPOOL_FULL' } });
  });
});
