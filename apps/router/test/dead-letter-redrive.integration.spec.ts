import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { InboundMessageV1, TOPICS, parseContract, type InboundMessageV1Input } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { ContractPublisher } from '@tributary/platform-kafka';
import { bootApp, waitFor, type BootedApp, type TestDatabase } from '@tributary/platform-testing';
import { hashApiKey, queueOpenApiDocument } from '@tributary/router-queue-api';
import type { Consumer } from 'kafkajs';
import { routerApp } from '../src/router.app';
import { OpenApiResponseChecker, type ObservedResponse } from './queue-api-openapi.checker';
import { callApi, readTopic, routerGroupsFromNow, testKafka } from './router-test-client';
import { createRouterTestDatabase } from './router-test-database';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);

interface DeadLetterListing {
  readonly deadLetters: readonly { id: string; reason: string; key: string | null; source: { topic: string | null }; headers: Record<string, string> }[];
  readonly matched: number;
}

interface Redriven {
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/**
 * Issue 17's acceptance: a record dead-lettered for a cause, the cause removed, re-driven, one
 * ticket. The cause is PostgreSQL refusing the message (a trigger on this suite's own database
 * standing for a constraint the data broke), which the router dead-letters alone with the reason;
 * dropping the trigger removes it. The re-drive goes once through the operator route and once more
 * through `./tributary dlq`: the router's dedupe keeps the second from storing anything.
 */
describe('re-driving a dead letter once its cause is removed', () => {
  const tenantId = `redrive-${randomUUID().slice(0, 8)}`;
  const phone = `+49151${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const key = `${tenantId}:${phone}`;
  const operatorKey = `operator-${randomUUID()}`;
  const tenantKey = `tenant-${randomUUID()}`;
  const kafka = testKafka('dead-letter-redrive-suite');
  const publisher = new ContractPublisher(kafka);
  const redriven: Redriven[] = [];
  /** Every operator-route answer, checked against the served OpenAPI document at the end. */
  const observed: ObservedResponse[] = [];
  const startedAt = new Date(Date.now() - 60_000).toISOString();
  let db: TestDatabase;
  let router: BootedApp;
  let inboundReader: Consumer | undefined;
  let deadLetterId = '';

  const message = parseContract(InboundMessageV1, {
    ...INBOUND_FIXTURES.sms,
    tenantId,
    messageId: randomUUID(),
    dedupeKey: `twilio:message:SM${randomUUID().replace(/-/g, '')}`,
    sender: { identities: [{ kind: 'phone', value: phone }] },
    text: 'My parcel never came',
  } satisfies InboundMessageV1Input);

  /** A call with the operator key, another key, or none (null). */
  async function operator(method: string, path: string, apiKey: string | null = operatorKey) {
    const response = await callApi(router.baseUrl, method, path, apiKey ?? undefined);
    observed.push({ method, path, status: response.status, body: response.json });
    return response;
  }

  async function count(sql: string): Promise<number> {
    const rows = await db.dataSource.query<{ n: string }[]>(sql, [tenantId]);
    return Number(rows[0]?.n ?? 0);
  }

  const storedCopies = () => count(`SELECT count(*) AS n FROM messages WHERE tenant_id = $1 AND dedupe_key = '${message.dedupeKey}'`);
  const tickets = () => count('SELECT count(*) AS n FROM tickets WHERE tenant_id = $1');

  function dlqCli(...args: string[]): Promise<string> {
    return run(process.execPath, ['tools/run.js', 'tools/ops/dlq.cli.ts', ...args, '--brokers', process.env['KAFKA_BROKERS'] ?? ''], { cwd: REPO_ROOT, timeout: 90_000 }).then(
      ({ stdout }) => stdout,
      (error: unknown) => {
        const { stderr, stdout } = error as { stderr?: string; stdout?: string };
        throw new Error(`dlq ${args.join(' ')} failed: ${stderr ?? ''}${stdout ?? ''}`);
      },
    );
  }

  beforeAll(async () => {
    db = await createRouterTestDatabase();
    await db.dataSource.query(`
      CREATE FUNCTION hold_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'tenant % is on hold', NEW.tenant_id USING ERRCODE = 'check_violation';
      END $$`);
    await db.dataSource.query(`CREATE TRIGGER hold_tenant BEFORE INSERT ON messages FOR EACH ROW WHEN (NEW.tenant_id = '${tenantId}') EXECUTE FUNCTION hold_tenant()`);
    router = await bootApp(routerApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: db.url,
      ROUTER_API_KEYS: `${tenantId}=${hashApiKey(tenantKey)}`,
      ROUTER_OPERATOR_KEYS: `ops-suite=${hashApiKey(operatorKey)}`,
      ...(await routerGroupsFromNow('dlq-redrive')).env,
    });
    await waitFor('the router to become ready', async () => (await router.get('/health/ready')).status === 200, 60_000, 200);
    inboundReader = await readTopic(kafka, TOPICS.inbound, (recordKey, value, headers) => {
      if (recordKey === key && headers['tributary-redriven-from'] !== undefined) redriven.push({ value, headers });
    });
  }, 120_000);

  afterAll(async () => {
    await inboundReader?.disconnect();
    await publisher.close();
    await router?.close();
    await db?.drop();
  }, 60_000);

  it('dead-letters the message PostgreSQL refuses, with the reason, and shows it to operators only', async () => {
    await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key, value: message }]);
    const query = `/v1/operator/dead-letters?reason=${tenantId}&since=${encodeURIComponent(startedAt)}`;
    let listing: DeadLetterListing | undefined;
    await waitFor(
      'the dead letter to be listed',
      async () => {
        listing = (await operator('GET', query)).json as unknown as DeadLetterListing;
        return listing.matched > 0;
      },
      60_000,
      500,
    );
    expect(listing?.matched).toBe(1);
    const [dead] = listing?.deadLetters ?? [];
    expect(dead).toMatchObject({ reason: `tenant ${tenantId} is on hold`, key, source: { topic: TOPICS.inbound } });
    expect(dead?.headers).toMatchObject({ 'tributary-contract': 'InboundMessage', 'tributary-contract-version': '1' });
    deadLetterId = dead?.id ?? '';

    const detail = await operator('GET', `/v1/operator/dead-letters/${deadLetterId}`);
    expect(detail.status).toBe(200);
    expect(JSON.parse(String(detail.json['value']))).toMatchObject({ messageId: message.messageId, dedupeKey: message.dedupeKey });

    expect((await operator('GET', query, null)).status).toBe(401);
    expect((await operator('GET', query, 'not-a-key')).status).toBe(401);
    expect((await operator('GET', query, tenantKey)).status).toBe(403);
    expect((await operator('GET', `/v1/operator/dead-letters/${deadLetterId}`, tenantKey)).status).toBe(403);
    expect((await operator('GET', '/v1/operator/dead-letters/99:0')).status).toBe(404);
    expect((await operator('GET', '/v1/operator/dead-letters?since=last-tuesday')).status).toBe(400);
    expect(await storedCopies()).toBe(0);
    expect(await tickets()).toBe(0);
  }, 90_000);

  it('with the cause removed, a re-drive through the operator route makes one ticket from the original bytes', async () => {
    expect((await operator('POST', `/v1/operator/dead-letters/${deadLetterId}/redrive`, tenantKey)).status).toBe(403);
    await db.dataSource.query('DROP TRIGGER hold_tenant ON messages');

    const redrive = await operator('POST', `/v1/operator/dead-letters/${deadLetterId}/redrive`);
    expect(redrive.status).toBe(200);
    expect(redrive.json).toMatchObject({ id: deadLetterId, topic: TOPICS.inbound, from: `${TOPICS.inboundDeadLetter}/${deadLetterId}`, by: 'operator:ops-suite', bytesFrom: 'dead-letter' });

    await waitFor('the re-driven message to be stored', async () => (await storedCopies()) === 1, 60_000, 250);
    expect(await tickets()).toBe(1);
    await waitFor('the re-driven record on the inbound topic', () => redriven.length === 1, 30_000, 100);
    const detail = await operator('GET', `/v1/operator/dead-letters/${deadLetterId}`);
    expect(redriven[0]?.value?.toString('base64')).toBe(detail.json['valueBase64']);
    expect(redriven[0]?.headers).toMatchObject({
      'tributary-contract': 'InboundMessage',
      'tributary-contract-version': '1',
      'tributary-redriven-from': `${TOPICS.inboundDeadLetter}/${deadLetterId}`,
      'tributary-redriven-by': 'operator:ops-suite',
    });
    expect(Object.keys(redriven[0]?.headers ?? {}).filter((name) => name.startsWith('tributary-dlq-'))).toEqual([]);
  }, 90_000);

  it('a second re-drive, through ./tributary dlq, stores nothing twice: still one message, one ticket', async () => {
    const listed = JSON.parse(await dlqCli('list', '--reason', tenantId, '--since', startedAt, '--json')) as DeadLetterListing;
    expect(listed.deadLetters.map((dead) => dead.id)).toEqual([deadLetterId]);
    expect(await dlqCli('show', deadLetterId)).toContain(`reason     tenant ${tenantId} is on hold`);

    const outcome = JSON.parse(await dlqCli('redrive', deadLetterId, '--json')) as { redriven: { id: string; topic: string; by: string }[] };
    expect(outcome.redriven).toEqual([expect.objectContaining({ id: deadLetterId, topic: TOPICS.inbound, by: expect.stringMatching(/^cli:/) })]);
    await waitFor('the second re-driven record on the inbound topic', () => redriven.length === 2, 30_000, 100);

    // A message of the same contact after it, on the same key and so the same partition: once it is
    // stored, the router has consumed the re-driven record before it.
    const after = parseContract(InboundMessageV1, { ...message, messageId: randomUUID(), dedupeKey: `twilio:message:SM${randomUUID().replace(/-/g, '')}`, text: 'Any news?' });
    await publisher.publish(TOPICS.inbound, InboundMessageV1, [{ key, value: after }]);
    await waitFor('the message after the second re-drive to be stored', async () => (await count('SELECT count(*) AS n FROM messages WHERE tenant_id = $1')) === 2, 60_000, 250);

    expect(await storedCopies()).toBe(1);
    expect(await tickets()).toBe(1);
    const still = (await operator('GET', `/v1/operator/dead-letters?reason=${tenantId}&since=${encodeURIComponent(startedAt)}`)).json as unknown as DeadLetterListing;
    expect(still.matched).toBe(1);
  }, 180_000);

  it('answers every operator route as the served OpenAPI document says', async () => {
    const document = JSON.parse((await router.get('/docs-json')).body) as ConstructorParameters<typeof OpenApiResponseChecker>[0];
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(Object.keys(queueOpenApiDocument().paths)));
    const checker = new OpenApiResponseChecker(document);
    expect(observed.length).toBeGreaterThan(10);
    expect(observed.flatMap((response) => checker.problems(response))).toEqual([]);
  });
});
