import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  Controller,
  ExceptionFilter,
  Get,
  IntrinsicException,
  ServiceUnavailableException,
  UseFilters,
  type INestApplication,
} from '@nestjs/common';
import type { Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { AppDefinition } from './app-definition';
import { createApp, loadAppConfig } from './create-app';

class RouteOwnError extends Error {}

@Catch(RouteOwnError)
class RouteOwnFilter implements ExceptionFilter<RouteOwnError> {
  catch(_error: RouteOwnError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(409).json({ error: 'OWN' });
  }
}

/** A client error from the `http-errors` family, as Express and its parsers raise them. */
const clientError = (status: number, expose: boolean): Error => Object.assign(new Error('the client sent something odd'), { statusCode: status, status, expose });

@Controller('x')
class ThrowingController {
  @Get('bad-request') badRequest(): void {
    throw new BadRequestException('missing field');
  }
  @Get('http-error') httpError(): void {
    throw clientError(422, true);
  }
  @Get('hidden-http-error') hiddenHttpError(): void {
    throw clientError(413, false);
  }
  @Get('unavailable') unavailable(): void {
    throw new ServiceUnavailableException('database is away');
  }
  @Get('bug') bug(): void {
    throw new TypeError('cannot read properties of undefined');
  }
  @Get('intrinsic') intrinsic(): void {
    throw new IntrinsicException('already reported');
  }
  @Get('own') @UseFilters(RouteOwnFilter) own(): void {
    throw new RouteOwnError('handled by the route');
  }
}

interface Line {
  level: string;
  context?: string;
  msg?: string;
  status?: number;
  method?: string;
  path?: string;
  stack?: string;
  error?: unknown;
}

describe('unhandled exceptions on a real HTTP server', () => {
  let app: INestApplication;
  let baseUrl: string;
  const lines: Line[] = [];

  const definition: AppDefinition<z.ZodObject> = {
    name: 'exceptions-sample',
    summary: 'routes that throw',
    configSchema: z.object({}),
    module: () => ({ module: class SampleModule {}, controllers: [ThrowingController] }),
  };

  beforeAll(async () => {
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Line);
      return true;
    });
    const env = { KAFKA_BROKERS: '127.0.0.1:1', LOG_LEVEL: 'info' };
    ({ app } = await createApp(definition, loadAppConfig(definition, env), env));
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app.close();
    jest.restoreAllMocks();
  });

  async function get(path: string): Promise<{ status: number; body: unknown; logged: Line[] }> {
    const before = lines.length;
    const response = await fetch(`${baseUrl}${path}`);
    const body: unknown = await response.json();
    return { status: response.status, body, logged: lines.slice(before).filter((line) => line.context === 'ExceptionsHandler') };
  }

  it('logs a 4xx HttpException as a warning without a stack, answering as Nest does', async () => {
    const { status, body, logged } = await get('/x/bad-request?token=abc');
    expect(status).toBe(400);
    expect(body).toEqual({ message: 'missing field', error: 'Bad Request', statusCode: 400 });
    expect(logged).toEqual([{ time: expect.any(String) as unknown, app: 'exceptions-sample', level: 'warn', context: 'ExceptionsHandler', msg: 'missing field', status: 400, method: 'GET', path: '/x/bad-request', error: 'BadRequestException' }]);
  });

  it('logs a 4xx error of the http-errors family as a warning without a stack (Nest logged it as an error with its stack)', async () => {
    const { status, body, logged } = await get('/x/http-error');
    expect(status).toBe(422);
    expect(body).toEqual({ statusCode: 422, message: 'the client sent something odd' });
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'warn', status: 422, error: 'Error' });
    expect(JSON.stringify(logged[0])).not.toContain('    at ');
  });

  it('keeps a message the error says is not for the client to itself', async () => {
    const { status, body } = await get('/x/hidden-http-error');
    expect(status).toBe(413);
    expect(body).toEqual({ statusCode: 413, message: 'Payload Too Large' });
  });

  it('logs an unknown route (404) as a warning', async () => {
    const { status, logged } = await get('/nowhere');
    expect(status).toBe(404);
    expect(logged).toEqual([expect.objectContaining({ level: 'warn', status: 404, path: '/nowhere' })]);
  });

  it('logs a 5xx HttpException as an error with its stack (Nest did not log it at all)', async () => {
    const { status, logged } = await get('/x/unavailable');
    expect(status).toBe(503);
    expect(logged).toEqual([expect.objectContaining({ level: 'error', status: 503, msg: 'database is away' })]);
    expect(logged[0]?.error).toMatchObject({ name: 'ServiceUnavailableException', stack: expect.stringContaining('ThrowingController.unavailable') as unknown });
  });

  it('answers a bug 500 without details and logs it as an error with its stack', async () => {
    const { status, body, logged } = await get('/x/bug');
    expect(status).toBe(500);
    expect(body).toEqual({ statusCode: 500, message: 'Internal server error' });
    expect(logged).toEqual([expect.objectContaining({ level: 'error', status: 500, msg: 'cannot read properties of undefined' })]);
    expect(logged[0]?.error).toMatchObject({ name: 'TypeError', stack: expect.stringContaining('ThrowingController.bug') as unknown });
  });

  it('honours IntrinsicException (not logged), and leaves errors a route filters itself to that filter', async () => {
    expect(await get('/x/intrinsic')).toMatchObject({ status: 500, logged: [] });
    expect(await get('/x/own')).toEqual({ status: 409, body: { error: 'OWN' }, logged: [] });
  });
});
