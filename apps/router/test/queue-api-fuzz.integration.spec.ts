import { InboundMessageV1, parseContract, type InboundMessageV1Input, type InboundMessageV1Message } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { bootApp, createTestDatabase, fuzzOptions, waitFor, type BootedApp, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_MIGRATIONS } from '@tributary/router-persistence';
import { hashApiKey } from '@tributary/router-queue-api';
import { processInboundBatch } from '@tributary/router-ticketing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
import { routerApp } from '../src/router.app';
import { routerGroupsFromNow } from './router-test-client';

/**
 * The router's real HTTP app on the real database and broker, its queue API fed generated requests:
 * any method, route, path parameter, query, key and body. Every answer is below 500, a request
 * without a valid key is never served, and every reply row was queued by an answer saying so.
 */

const TENANT_A = `fzq-${randomUUID().slice(0, 8)}`;
const TENANT_B = `fzr-${randomUUID().slice(0, 8)}`;
const KEY_A = `fuzz-key-a-${randomUUID()}`;
const KEY_B = `fuzz-key-b-${randomUUID()}`;

interface Wire {
  /** How fast-check prints the request in a counterexample. */
  readonly [fc.toStringMethod]: () => string;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
  readonly authorized: boolean;
}

const anyText = (maxLength = 40) => fc.string({ unit: 'binary', maxLength });
/** Text an agent or a client may send: mostly plain, sometimes NUL, lone surrogates, very long. */
const someText = fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 30 }) }, { weight: 2, arbitrary: anyText() }, { weight: 1, arbitrary: fc.constantFrom('', '\u0000', 'a\u0000b', '\ud800', 'x'.repeat(300)) });
/** Timestamps as helpdesks and tamperers write them: valid, year 0, far offsets, impossible dates. */
const timestamp = fc.oneof(
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom('0000-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-12-07T10:00:00+23:59', '2026-12-07T10:00:00-15:59', '2026-12-07 10:00:00+00', '2026-12-07T24:00:00Z', '+275760-09-13T00:00:00Z', '2026-12-07T10:00:00.1234567890Z'),
  anyText(30),
);
const cursor = fc.oneof(
  fc.tuple(timestamp, fc.oneof(fc.uuid(), anyText(10))).map((pair) => Buffer.from(JSON.stringify(pair)).toString('base64url')),
  fc.jsonValue({ maxDepth: 2 }).map((value) => Buffer.from(JSON.stringify(value) ?? '').toString('base64url')),
  anyText(60),
);

describe('the queue API under generated requests', () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let db: TestDatabase;
  let router: BootedApp;
  /** Filled once the seed is stored; the generators read it lazily (chain), after beforeAll. */
  const ids: { tickets: string[]; contacts: string[]; merges: string[] } = { tickets: [], contacts: [], merges: [] };

  function inbound(tenantId: string, fixture: InboundMessageV1Input, n: number): InboundMessageV1Message {
    const messageId = randomUUID();
    // Each seeded message its own contact, so the queue holds several tickets to act on.
    const identity = fixture.channel === 'email' ? { kind: 'email' as const, value: `fuzz-${n}@customer.example` } : { kind: 'phone' as const, value: `+49151000${String(n).padStart(5, '0')}` };
    const sender = fixture.channel === 'email' || fixture.channel === 'sms' || fixture.channel === 'voice' ? { sender: { identities: [identity] } } : {};
    return parseContract(InboundMessageV1, { ...fixture, ...sender, tenantId, messageId, dedupeKey: `fuzz:${messageId}` });
  }

  const id = fc.oneof(
    { weight: 4, arbitrary: fc.constant('ticket').chain(() => fc.constantFrom(...ids.tickets)) },
    { weight: 2, arbitrary: fc.constant('contact').chain(() => fc.constantFrom(...ids.contacts)) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%00', '..', 'null', '%20', `${'9'.repeat(300)}`, '00000000-0000-0000-0000-00000000000g') },
    { weight: 1, arbitrary: anyText(20).map(encodeURIComponent) },
  );
  /** Mostly an id of the right kind for the route, sometimes any id. */
  const ticketId = fc.oneof({ weight: 6, arbitrary: fc.constant('ticket').chain(() => fc.constantFrom(...ids.tickets)) }, { weight: 1, arbitrary: id });
  const contactId = fc.oneof({ weight: 6, arbitrary: fc.constant('contact').chain(() => fc.constantFrom(...ids.contacts)) }, { weight: 1, arbitrary: id });
  const query = fc
    .record(
      {
        status: fc.oneof(fc.constantFrom('open', 'pending', 'solved', 'closed'), anyText(8)),
        channel: fc.oneof(fc.constantFrom('email', 'sms', 'voice', 'telegram'), anyText(8)),
        updatedSince: timestamp,
        cursor,
        limit: fc.oneof(fc.integer({ min: -5, max: 300 }).map(String), fc.constantFrom('1e2', '0x10', '50.5', '', 'NaN', '99999999999999999999')),
        other: anyText(10),
      },
      { requiredKeys: [] },
    )
    .chain((fields) => fc.boolean().map((repeat) => new URLSearchParams([...Object.entries(fields), ...(repeat ? Object.entries(fields) : [])]).toString()));
  const jsonBody = fc.record(
    {
      text: someText,
      authorId: someText,
      channel: fc.oneof(fc.constantFrom('email', 'sms', 'voice', 'whatsapp', 'telegram', 'chat'), anyText(8)),
      status: fc.oneof(fc.constantFrom('open', 'pending', 'solved', 'closed'), anyText(8)),
      changedBy: someText,
      mergedBy: someText,
      unmergedBy: someText,
      intoTicketId: id,
      intoContactId: id,
      extra: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  );
  /** Anything a client may send: method, route, key, content type and body each chosen freely. */
  const chaos = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE'),
    route: fc.constantFrom('/v1/tickets', '/v1/tickets/:id', '/v1/tickets/:id/replies', '/v1/tickets/:id/merge', '/v1/contacts/:id', '/v1/contacts/:id/merge', '/v1/contact-merges/:id/unmerge', '/v1/tickets/:id/unknown', '/docs-json'),
    id,
    query: fc.option(query, { nil: undefined }),
    auth: fc.constantFrom('a', 'b', 'none', 'wrong', 'lower', 'basic'),
    body: fc.oneof(
      { weight: 4, arbitrary: jsonBody.map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? '') },
      { weight: 1, arbitrary: fc.constantFrom('{"text":', '{"text":"\\ud800","authorId":"a"}', '{"text":"a\\u0000b","authorId":"a"}', '[', '') },
      { weight: 1, arbitrary: fc.constant(JSON.stringify({ text: 'x'.repeat(2_000_000), authorId: 'a' })) },
    ),
    contentType: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', ''),
  });
  /** What a helpdesk sends: the right method and key for a route, JSON with the fields it names, their values generated. */
  const mergeId = fc.constant('merge').chain(() => (ids.merges.length > 0 ? fc.constantFrom(...ids.merges) : fc.uuid()));
  const helpdesk = fc.oneof(
    fc.record({ method: fc.constant('GET'), route: fc.constant('/v1/tickets'), id, query: fc.option(query, { nil: undefined }), body: fc.constant('') }),
    fc.record({ method: fc.constant('GET'), route: fc.constant('/v1/tickets/:id'), id: ticketId, query: fc.constant(undefined), body: fc.constant('') }),
    fc.record({ method: fc.constant('POST'), route: fc.constant('/v1/tickets/:id/replies'), id: ticketId, query: fc.constant(undefined), body: fc.record({ text: someText, authorId: someText, channel: fc.constantFrom('email', 'sms', 'voice', 'telegram') }, { requiredKeys: ['text', 'authorId'] }).map((value) => JSON.stringify(value)) }),
    fc.record({ method: fc.constant('PATCH'), route: fc.constant('/v1/tickets/:id'), id: ticketId, query: fc.constant(undefined), body: fc.record({ status: fc.constantFrom('open', 'pending', 'solved', 'closed'), changedBy: someText }).map((value) => JSON.stringify(value)) }),
    fc.record({ method: fc.constant('POST'), route: fc.constant('/v1/tickets/:id/merge'), id: ticketId, query: fc.constant(undefined), body: fc.record({ intoTicketId: ticketId, mergedBy: someText }).map((value) => JSON.stringify(value)) }),
    fc.record({ method: fc.constant('POST'), route: fc.constant('/v1/contacts/:id/merge'), id: contactId, query: fc.constant(undefined), body: fc.record({ intoContactId: contactId, mergedBy: someText }).map((value) => JSON.stringify(value)) }),
    fc.record({ method: fc.constant('GET'), route: fc.constant('/v1/contacts/:id'), id: contactId, query: fc.constant(undefined), body: fc.constant('') }),
    fc.record({ method: fc.constant('POST'), route: fc.constant('/v1/contact-merges/:id/unmerge'), id: mergeId, query: fc.constant(undefined), body: fc.record({ unmergedBy: someText }).map((value) => JSON.stringify(value)) }),
  ).map((request) => ({ ...request, auth: 'a', contentType: 'application/json' }));

  const wire: fc.Arbitrary<Wire> = fc
    .oneof(chaos, helpdesk)
    .map(({ method, route, id: param, query: search, auth, body, contentType }): Wire => {
      const path = `${route.replace(':id', param)}${search === undefined ? '' : `?${search}`}`;
      const key = auth === 'a' ? KEY_A : auth === 'b' ? KEY_B : auth === 'wrong' ? 'not-a-key' : undefined;
      const authorization = auth === 'lower' ? `bearer ${KEY_A}x` : auth === 'basic' ? `Basic ${Buffer.from(`${TENANT_A}:${KEY_A}`).toString('base64')}` : key === undefined ? undefined : `Bearer ${key}`;
      const headers: Record<string, string> = { ...(contentType === '' ? {} : { 'content-type': contentType }), ...(authorization === undefined ? {} : { authorization }) };
      const raw = method === 'GET' ? Buffer.alloc(0) : Buffer.from(body);
      // How fast-check prints a counterexample: the request as it went on the wire, readable.
      const shown = () => `${method} ${path} ${JSON.stringify(headers)} ${JSON.stringify(raw.toString('utf8').slice(0, 500))} (${raw.length} bytes)`;
      return { method, path, headers, body: raw, authorized: auth === 'a' || auth === 'b', [fc.toStringMethod]: shown };
    });

  function send(request: Wire): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const { port } = new URL(router.baseUrl);
      const outgoing = httpRequest({ host: '127.0.0.1', port, method: request.method, path: request.path, agent, headers: { ...request.headers, 'content-length': String(request.body.length) }, timeout: 10_000 }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer to ${request.method} ${request.path}`)));
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }

  beforeAll(async () => {
    db = await createTestDatabase('queue_fuzz', { migrations: ROUTER_MIGRATIONS });
    const fixtures = [INBOUND_FIXTURES.email, INBOUND_FIXTURES.sms, INBOUND_FIXTURES.voice, INBOUND_FIXTURES.telegram];
    await processInboundBatch(db.dataSource, [...Array.from({ length: 16 }, (_, n) => inbound(TENANT_A, fixtures[n % fixtures.length] ?? INBOUND_FIXTURES.sms, n)), inbound(TENANT_B, INBOUND_FIXTURES.sms, 99)]);
    ids.tickets.push(...(await db.dataSource.query<{ id: string }[]>('SELECT id FROM tickets ORDER BY created_at')).map((row) => row.id));
    ids.contacts.push(...(await db.dataSource.query<{ id: string }[]>('SELECT id FROM contacts ORDER BY created_at')).map((row) => row.id));
    router = await bootApp(routerApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: db.url,
      // Groups of this suite's own, from the topics' ends: their records are other suites' business.
      ...(await routerGroupsFromNow('queue-fuzz')).env,
      ROUTER_API_KEYS: `${TENANT_A}=${hashApiKey(KEY_A)},${TENANT_B}=${hashApiKey(KEY_B)}`,
    });
    await waitFor('the router to become ready', async () => (await router.get('/health/ready')).status === 200, 60_000, 200);
  }, 120_000);

  afterAll(async () => {
    agent.destroy();
    await router?.close();
    await db?.drop();
  }, 60_000);

  it('answers every generated request below 500, serves none without a valid key, and queues a reply only when it says so', async () => {
    const statuses = new Map<number, number>();
    let repliesQueued = 0;
    await fc.assert(
      fc.asyncProperty(wire, async (request) => {
        const { status, body } = await send(request);
        // A merge this run made can be undone by a later request.
        if (status === 200 && request.path.includes('/merge')) {
          const { mergeId } = JSON.parse(body) as { mergeId?: unknown };
          if (typeof mergeId === 'string') ids.merges.push(mergeId);
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        expect(status).toBeLessThan(500);
        // Bodies are read (and may be refused) before the key is checked; nothing else answers a stranger.
        if (!request.authorized && !request.path.startsWith('/docs')) expect([400, 401, 404, 413, 415]).toContain(status);
        if (status === 202) repliesQueued += 1;
      }),
      fuzzOptions(10_000),
    );
    const [{ count }] = await db.dataSource.query<[{ count: number }]>('SELECT count(*)::int AS count FROM outbound_messages');
    expect(count).toBe(repliesQueued);
    // The generators reach the served paths too, not only refusals.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([200, 202, 400, 401, 404, 409, 422]));
    expect(ids.merges.length).toBeGreaterThan(0);
    process.stderr.write(`queue API fuzz: statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
  }, 600_000);
});
