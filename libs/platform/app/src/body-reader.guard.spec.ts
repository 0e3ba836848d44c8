import { Body, CanActivate, Controller, ExecutionContext, Get, Post, Req, UseGuards, type INestApplication, type RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { AppDefinition } from './app-definition';
import { BodyLimit } from './body-limit.decorator';
import { createApp, loadAppConfig } from './create-app';

class RequiresRawBody implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return Buffer.isBuffer(context.switchToHttp().getRequest<RawBodyRequest<Request>>().rawBody);
  }
}

const seen = (request: RawBodyRequest<Request>, body: unknown) => ({ body: body ?? null, raw: request.rawBody?.toString('utf8') ?? null });

@Controller('echo')
class EchoController {
  @Post()
  echo(@Req() request: RawBodyRequest<Request>, @Body() body: unknown) {
    return seen(request, body);
  }

  @Post('small')
  @BodyLimit(16)
  small(@Req() request: RawBodyRequest<Request>, @Body() body: unknown) {
    return seen(request, body);
  }

  @Post('large')
  @BodyLimit(300 * 1024)
  large(@Req() request: RawBodyRequest<Request>) {
    return { bytes: request.rawBody?.length ?? 0 };
  }

  @Post('guarded')
  @UseGuards(RequiresRawBody)
  guarded() {
    return { ok: true };
  }

  @Get()
  read() {
    return { ok: true };
  }
}

const definition: AppDefinition<z.ZodObject> = {
  name: 'body-sample',
  summary: 'bodies read by the shared bootstrap',
  configSchema: z.object({}),
  module: () => ({ module: class BodySampleModule {}, controllers: [EchoController] }),
};

describe('request bodies read by the shared bootstrap', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const env = { KAFKA_BROKERS: '127.0.0.1:1', LOG_LEVEL: 'error', HTTP_BODY_LIMIT_BYTES: String(100 * 1024) };
    ({ app } = await createApp(definition, loadAppConfig(definition, env), env));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  });

  afterAll(() => app.close());

  const post = async (path: string, body: string, contentType = 'application/json') => {
    const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('parses JSON and keeps the exact bytes', async () => {
    const text = '{ "a": 1,  "b": ["x"] }';
    expect(await post('/echo', text)).toEqual({ status: 201, body: { body: { a: 1, b: ['x'] }, raw: text } });
  });

  it('parses forms the way Nest did (repeated names become lists, nested names objects) and keeps the bytes', async () => {
    const text = 'Body=hello+world&To=%2B4989&Media=a&Media=b&nested[x]=1';
    expect(await post('/echo', text, 'application/x-www-form-urlencoded')).toEqual({
      status: 201,
      body: { body: { Body: 'hello world', To: '+4989', Media: ['a', 'b'], nested: { x: '1' } }, raw: text },
    });
  });

  it('leaves other content types unread, as before', async () => {
    expect(await post('/echo', 'plain words', 'text/plain')).toEqual({ status: 201, body: { body: null, raw: null } });
  });

  it('answers 400 to malformed JSON', async () => {
    const answer = await post('/echo', '{"a":', 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/^malformed request body/);
  });

  it('keeps HTTP_BODY_LIMIT_BYTES for routes without a limit of their own', async () => {
    expect((await post('/echo', JSON.stringify({ text: 'x'.repeat(90 * 1024) }))).status).toBe(201);
    const answer = await post('/echo', JSON.stringify({ text: 'x'.repeat(110 * 1024) }));
    expect(answer).toEqual({ status: 413, body: expect.objectContaining({ message: `request body is larger than this route accepts (${100 * 1024} bytes)` }) });
  });

  it("applies a route's own limit, lower or higher than the default", async () => {
    expect((await post('/echo/small', '{"a":"12345678"}')).status).toBe(201);
    expect((await post('/echo/small', '{"a":"123456789"}')).status).toBe(413);
    expect(await post('/echo/large', JSON.stringify({ text: 'x'.repeat(200 * 1024) }))).toEqual({ status: 201, body: { bytes: 200 * 1024 + 11 } });
  });

  it("reads the body before the route's own guards, so they can check the raw bytes", async () => {
    expect((await post('/echo/guarded', '{}')).status).toBe(201);
  });

  it('answers bodiless requests as before', async () => {
    expect((await fetch(`${baseUrl}/echo`)).status).toBe(200);
  });
});
