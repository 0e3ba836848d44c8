import type { AppDefinition } from '@tributary/platform-app';
import type { z } from 'zod';
import { bootApp, type BootedApp } from './boot-app.util';
import { listHttpRoutes, type HttpRoute } from './http-routes.util';
import { rawExchange, type RawExchange } from './raw-http-client.util';

const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 2_000;
const DEFAULT_BODY_LIMIT_BYTES = 100 * 1024;
/** Node checks its deadlines once a second at most (see applyHttpServerTimeouts): a cut comes that much late. */
const CHECK_SLACK_MS = 1_500;
/** An answer that comes before this much of the body was sent did not wait for (or buffer) the body. */
const UNREAD_BYTES = 16 * 1024;

/** A path Express routes to `pattern`, its parameters filled in. */
function concretePath(pattern: string): string {
  return pattern.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
}

function head(route: HttpRoute, contentLength: number): string[] {
  return [`${route.method} ${concretePath(route.path)} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json', `Content-Length: ${contentLength}`];
}

function describeOutcome(route: HttpRoute, outcome: RawExchange): string {
  return `${route.method} ${route.path}: ${outcome.status ?? 'no answer'}`;
}

/**
 * What every Tributary app promises at its HTTP edge, checked on every route the app itself lists
 * (so a new route is covered the day it is added): a body declared larger than the route reads is
 * refused 413 before it is read; a client trickling its body or its headers is cut off by the
 * configured deadlines, on all routes at once, while other clients are still served.
 */
export function describeHttpEdges<TSchema extends z.ZodObject>(definition: AppDefinition<TSchema>, extraEnv: NodeJS.ProcessEnv = {}): void {
  describe(`${definition.name}'s HTTP routes against oversized bodies and slow clients`, () => {
    let booted: BootedApp;
    let routes: HttpRoute[];
    let port: number;

    beforeAll(async () => {
      booted = await bootApp(definition, {
        KAFKA_BROKERS: '127.0.0.1:1',
        ...extraEnv,
        HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        HTTP_BODY_LIMIT_BYTES: String(DEFAULT_BODY_LIMIT_BYTES),
      });
      port = Number(new URL(booted.baseUrl).port);
      routes = listHttpRoutes(booted.app, DEFAULT_BODY_LIMIT_BYTES);
    });
    afterAll(() => booted.close());

    it('lists its routes from the app, health and metrics among them', () => {
      expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(expect.arrayContaining(['GET /health/live', 'GET /health/ready', 'GET /metrics']));
      expect(routes.filter((route) => route.bodyLimitBytes !== undefined).length).toBeGreaterThanOrEqual(3);
    });

    it("refuses a body over the route's limit with 413, on every route Nest serves, without parsing it", async () => {
      const nestRoutes = routes.filter((route) => route.bodyLimitBytes !== undefined);
      // Not JSON: had the body been buffered and parsed, the answer would be 400, not 413.
      const outcomes = await Promise.all(
        nestRoutes.map((route) => {
          const size = (route.bodyLimitBytes ?? 0) + 1;
          return rawExchange({ port, head: [...head(route, size), 'Connection: close'], endHead: true, body: 'x'.repeat(size), chunk: '', intervalMs: 1_000, giveUpMs: 5_000 });
        }),
      );
      expect(nestRoutes.map((route, index) => describeOutcome(route, outcomes[index] as RawExchange))).toEqual(nestRoutes.map((route) => `${route.method} ${route.path}: 413`));
    }, 10_000);

    it('refuses a body declared larger than the route reads from its Content-Length alone, and hangs up instead of draining it', async () => {
      const nestRoutes = routes.filter((route) => route.bodyLimitBytes !== undefined);
      // The head alone: a server that waited for the body, or kept the connection to drain it, never answers or closes in time.
      const outcomes = await Promise.all(nestRoutes.map((route) => rawExchange({ port, head: head(route, 1024 ** 3), endHead: true, chunk: '', intervalMs: 1_000, giveUpMs: 5_000 })));
      const described = nestRoutes.map((route, index) => {
        const outcome = outcomes[index] as RawExchange;
        const hungUp = outcome.closedAfterMs !== undefined && outcome.closedAfterMs <= 1_000;
        return `${describeOutcome(route, outcome)}${hungUp ? '' : `, still open after ${outcome.closedAfterMs ?? 5_000} ms`}`;
      });
      expect(described).toEqual(nestRoutes.map((route) => `${route.method} ${route.path}: 413`));
    }, 10_000);

    it('answers the routes outside Nest (which read no body) without waiting for a huge one', async () => {
      const others = routes.filter((route) => route.bodyLimitBytes === undefined);
      const outcomes = await Promise.all(others.map((route) => rawExchange({ port, head: head(route, 1024 ** 3), endHead: true, chunk: 'x'.repeat(1024), intervalMs: 20, giveUpMs: 5_000 })));
      expect(outcomes.filter((outcome) => outcome.status === undefined || outcome.status >= 500 || outcome.bodyBytesSent >= UNREAD_BYTES)).toEqual([]);
    });

    it('cuts off clients trickling their bodies, on every route at once, while serving others meanwhile', async () => {
      const slow = Promise.all(
        routes.map((route) => rawExchange({ port, head: head(route, 1_000), endHead: true, chunk: 'x', intervalMs: 200, giveUpMs: REQUEST_TIMEOUT_MS + 5_000 })),
      );
      for (let i = 0; i < 3; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const started = Date.now();
        expect((await fetch(`${booted.baseUrl}/health/live`)).status).toBe(200);
        // A server held up by the tricklers would answer only once they are cut off (REQUEST_TIMEOUT_MS
        // after they began, over 1.7 s for the first check); 1 s leaves a busy machine its slack.
        expect(Date.now() - started).toBeLessThan(1_000);
      }
      const outcomes = await slow;
      const late = routes.filter((_, index) => (outcomes[index]?.closedAfterMs ?? Infinity) > REQUEST_TIMEOUT_MS + CHECK_SLACK_MS);
      expect(late.map((route) => `${route.method} ${route.path}`)).toEqual([]);
      // A route that reads bodies never acts on a truncated one: the cut is a 408 or a bare close.
      const acted = routes.filter((route, index) => route.bodyLimitBytes !== undefined && outcomes[index]?.status !== undefined && outcomes[index]?.status !== 408);
      expect(acted.map((route, index) => describeOutcome(route, outcomes[index] as RawExchange))).toEqual([]);
    }, 15_000);

    it('cuts off a client trickling its headers at the headers deadline', async () => {
      const outcome = await rawExchange({
        port,
        head: ['GET /health/live HTTP/1.1', 'Host: 127.0.0.1'],
        endHead: false,
        chunk: 'X-Slow: 1\r\n',
        intervalMs: 200,
        giveUpMs: HEADERS_TIMEOUT_MS + 5_000,
      });
      expect(outcome.closedAfterMs).toBeLessThanOrEqual(HEADERS_TIMEOUT_MS + CHECK_SLACK_MS);
      expect([408, undefined]).toContain(outcome.status);
    }, 10_000);
  });
}
