import { Body, Controller, Get, Param, Post, Put, Query, Req, type INestApplication, type RawBodyRequest } from '@nestjs/common';
import { fuzzOptions } from '@tributary/platform-testing';
import fc from 'fast-check';
import type { Request } from 'express';
import { Agent, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';
import { z } from 'zod';
import type { AppDefinition } from './app-definition';
import { BodyLimit } from './body-limit.decorator';
import { createApp, loadAppConfig } from './create-app';

@Controller('fuzz')
class FuzzController {
  @Post()
  echo(@Req() request: RawBodyRequest<Request>, @Body() body: unknown) {
    return { type: typeof body, bytes: request.rawBody?.length ?? 0 };
  }

  @Put(':id')
  @BodyLimit(64)
  small(@Param('id') id: string, @Query() query: unknown, @Body() body: unknown) {
    return { id, query, body: body ?? null };
  }

  @Get(':id')
  read(@Param('id') id: string, @Query() query: unknown) {
    return { id, query };
  }
}

const definition: AppDefinition<z.ZodObject> = {
  name: 'body-fuzz',
  summary: 'the shared bootstrap under generated requests',
  configSchema: z.object({}),
  module: () => ({ module: class BodyFuzzModule {}, controllers: [FuzzController] }),
};

/** Header text a client can put on the wire (visible ASCII and spaces), including what no parser expects. */
const headerText = fc.string({ unit: fc.constantFrom(...' !#$%&\'*+-.0123456789;=ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~/,"'), maxLength: 60 });
const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=utf-16',
    'application/json; charset=koi8-r',
    'application/json; charset=bogus',
    'application/vnd.api+json',
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=latin1',
    'application/x-www-form-urlencoded; charset=iso-8859-1',
    'text/plain',
    'multipart/form-data; boundary=x',
    '*/*',
  ),
  headerText,
);
const encoding = fc.constantFrom(undefined, 'identity', 'gzip', 'deflate', 'br', 'x-unknown', 'gzip, deflate');
const body = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 24 }), { maxKeys: 8 }).map((form) => Buffer.from(new URLSearchParams(form).toString())),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.nat(400).map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
  fc.nat(60).map((depth) => Buffer.from(`a${'[b]'.repeat(depth)}=1`)),
  fc.integer({ min: 900, max: 1200 }).map((count) => Buffer.from(Array.from({ length: count }, (_, n) => `p${n}=${n}`).join('&'))),
  fc.constantFrom('{"__proto__":{"x":1}}', 'constructor[prototype][x]=1', '__proto__[x]=1', '{"a":1}{"b":2}', '\uFEFF{"a":1}', '"string"', 'null').map((text) => Buffer.from(text)),
);

/** What the body is sent as: its bytes, compressed as the header claims or not at all (a lie). */
function encoded(bytes: Buffer, contentEncoding: string | undefined, honest: boolean): Buffer {
  if (!honest) return bytes;
  if (contentEncoding === 'gzip') return gzipSync(bytes);
  if (contentEncoding === 'deflate') return deflateSync(bytes);
  if (contentEncoding === 'br') return brotliCompressSync(bytes);
  return bytes;
}

const requestShape = fc.record({
  method: fc.constantFrom('POST', 'PUT', 'GET', 'PATCH', 'DELETE'),
  path: fc.oneof(
    fc.constantFrom('/fuzz', '/fuzz/1', '/fuzz/%', '/fuzz/%E0%A4%A', '/fuzz/%00', '/fuzz/..%2F..', '/fuzz/1?x=%', '/fuzz/1?a[b][c]=1&a=2'),
    fc.string({ unit: fc.constantFrom(...'abc%/?&=[]._~09'), maxLength: 24 }).map((rest) => `/fuzz/${rest}`),
  ),
  contentType: fc.option(contentType, { nil: undefined }),
  contentEncoding: encoding,
  honest: fc.boolean(),
  body: fc.option(body, { nil: undefined }),
  // A Content-Length one byte short: the body ends early and the rest reads as the next request. (One
  // byte long would only wait out the request timeout, which webhook-edge tests cover.)
  lengthLie: fc.constantFrom(0, 0, 0, 0, -1),
});
type RequestShape = typeof requestShape extends fc.Arbitrary<infer T> ? T : never;

describe('the shared bootstrap under generated requests', () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    const env = { KAFKA_BROKERS: '127.0.0.1:1', LOG_LEVEL: 'error', HTTP_BODY_LIMIT_BYTES: '4096', HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_HEADERS_TIMEOUT_MS: '1000' };
    ({ app } = await createApp(definition, loadAppConfig(definition, env), env));
    await app.listen(0, '127.0.0.1');
    port = ((app.getHttpServer() as Server).address() as AddressInfo).port;
  });

  afterAll(async () => {
    agent.destroy();
    await app.close();
  });

  /** One request on the wire; a Content-Length that lies ends in a status or a closed socket, never a hang. */
  function send(shape: RequestShape): Promise<number | 'closed'> {
    const payload = shape.body === undefined ? undefined : encoded(shape.body, shape.contentEncoding, shape.honest);
    const headers: Record<string, string> = {};
    if (shape.contentType !== undefined) headers['content-type'] = shape.contentType;
    if (shape.contentEncoding !== undefined) headers['content-encoding'] = shape.contentEncoding;
    if (payload !== undefined) headers['content-length'] = String(Math.max(0, payload.length + shape.lengthLie));
    return new Promise((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port, method: shape.method, path: shape.path, headers, agent: shape.lengthLie === 0 ? agent : false, timeout: 5_000 }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', () => resolve('closed'));
      });
      request.on('timeout', () => request.destroy(new Error(`no answer to ${shape.method} ${shape.path} within 5 s`)));
      request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve('closed') : reject(error)));
      request.end(payload);
    });
  }

  it('answers every generated request below 500: unreadable, oversized, mis-encoded and lying bodies are the client’s fault', async () => {
    const statuses = new Map<number | 'closed', number>();
    await fc.assert(
      fc.asyncProperty(requestShape, async (shape) => {
        const status = await send(shape);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status !== 'closed') expect(status).toBeLessThan(500);
      }),
      fuzzOptions(10_000),
    );
    // Every kind of answer is reached: accepted, refused as malformed, too large, unsupported.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 201, 400, 404, 413, 415]));
  }, 120_000);
});
