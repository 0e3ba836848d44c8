import { Controller, Post, type INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { z } from 'zod';
import type { AppDefinition } from './app-definition';
import { createApp, loadAppConfig } from './create-app';

@Controller('slow')
class SlowController {
  @Post()
  accept() {
    return { ok: true };
  }
}

const definition: AppDefinition<z.ZodObject> = {
  name: 'timeouts-sample',
  summary: 'HTTP server timeouts set by the shared bootstrap',
  configSchema: z.object({}),
  module: () => ({ module: class TimeoutsSampleModule {}, controllers: [SlowController] }),
};

interface SocketEnd {
  readonly afterMs: number;
  readonly received: string;
  readonly bytesSent: number;
}

/**
 * Writes `text` then `trickle` one byte per `everyMs` on a raw socket; resolves when the server closes
 * it, or after 8 s (closing it then), so a server without deadlines fails the assertions, not the timeout.
 */
function dribble(port: number, text: string, trickle: string, everyMs: number): Promise<SocketEnd> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < trickle.length && !socket.destroyed) socket.write(trickle.charAt(sent++));
    }, everyMs);
    const giveUp = setTimeout(() => socket.destroy(), 8_000);
    socket.on('connect', () => socket.write(text));
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ afterMs: Date.now() - started, received, bytesSent: sent });
    });
  });
}

describe('HTTP server timeouts set by the shared bootstrap', () => {
  jest.setTimeout(15_000);
  let app: INestApplication;
  let port: number;
  const env = {
    KAFKA_BROKERS: '127.0.0.1:1',
    LOG_LEVEL: 'error',
    HTTP_HEADERS_TIMEOUT_MS: '1000',
    HTTP_REQUEST_TIMEOUT_MS: '2000',
    HTTP_KEEP_ALIVE_TIMEOUT_MS: '500',
  };

  beforeAll(async () => {
    ({ app } = await createApp(definition, loadAppConfig(definition, env), env));
    await app.listen(0, '127.0.0.1');
    port = ((app.getHttpServer() as Server).address() as AddressInfo).port;
  });

  afterAll(() => app.close());

  it('answers 408 and disconnects a client that sends its headers one byte at a time', async () => {
    const headers = 'POST /slow HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nX-Slow: dribbling\r\n\r\n';
    // At this pace the client would need 200 ms × 80 bytes = 16 s to finish its headers.
    const end = await dribble(port, '', headers, 200);
    expect(end.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(end.afterMs).toBeGreaterThanOrEqual(900);
    expect(end.afterMs).toBeLessThan(3_500);
    expect(end.bytesSent).toBeLessThan(headers.length / 2);
  });

  it('disconnects a client that sends its body one byte at a time, at the request deadline', async () => {
    const end = await dribble(port, 'POST /slow HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n', `"${'x'.repeat(58)}"`, 200);
    expect(end.received).toMatch(/^HTTP\/1\.1 408 /);
    expect(end.afterMs).toBeGreaterThanOrEqual(1_900);
    expect(end.afterMs).toBeLessThan(4_500);
  });

  it('closes an idle keep-alive connection after HTTP_KEEP_ALIVE_TIMEOUT_MS', async () => {
    const end = await dribble(port, 'POST /slow HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n', '', 1_000);
    expect(end.received).toMatch(/^HTTP\/1\.1 201 /);
    // Node's own default would keep it 5 s.
    expect(end.afterMs).toBeGreaterThanOrEqual(400);
    expect(end.afterMs).toBeLessThan(2_000);
  });
});
