import { createHash, randomUUID } from 'node:crypto';
import { runAppCommand, startAppProcess, type AppProcess } from './app-process.util';
import { APP_CONSUMER_GROUPS, ownConsumerGroups } from './consumer-groups.util';
import { createTestDatabase, type TestDatabase } from './test-database.util';
import { waitFor } from './wait-for.util';

/** What every ticket detail of the queue API has; suites declare the rest they read. */
export interface TicketWithMessages {
  readonly ticketId: string;
  readonly messages: readonly unknown[];
}

/** The real router as a channel's end-to-end suite uses it: its own process and database, one tenant's API key. */
export interface RouterUnderTest {
  readonly process: AppProcess;
  /** The tenant's queue API key, for what a person pastes (the operator console). */
  readonly apiKey: string;
  /** A queue-API call with the tenant's key; the body is JSON when given. */
  api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }>;
  /** Every ticket of the tenant in full (`query` narrows the list, e.g. `?status=open`). */
  tickets<T extends TicketWithMessages>(query?: string): Promise<T[]>;
  /** Waits until the tenant's tickets hold `count` messages in all, then returns them. */
  untilMessages<T extends TicketWithMessages>(count: number): Promise<T[]>;
  /** Stops the router and drops its database. */
  stop(): Promise<void>;
}

/**
 * Starts the router for one tenant the way a channel suite needs it: a fresh database migrated by
 * the router's own command, the router as its own process on the test stack's Kafka (never imported
 * across app boundaries) in consumer groups of its own that start where the topics end now (so it
 * takes none of the records earlier suites left), and queue-API helpers with the tenant's key.
 */
export async function startRouterForTenant(tenantId: string, databaseName: string, env: NodeJS.ProcessEnv = {}): Promise<RouterUnderTest> {
  const apiKey = `key-${randomUUID()}`;
  const groups = await ownConsumerGroups(databaseName.replace(/_/g, '-'), APP_CONSUMER_GROUPS.router);
  const database: TestDatabase = await createTestDatabase(databaseName, { migrations: [], migrate: false });
  runAppCommand('apps/router/src/migrate.main.ts', ['up'], { DATABASE_URL: database.url });
  const router = await startAppProcess('router', {
    env: { DATABASE_URL: database.url, KAFKA_BROKERS: process.env['KAFKA_BROKERS'], ROUTER_API_KEYS: `${tenantId}=${createHash('sha256').update(apiKey).digest('hex')}`, ...groups.env, ...env },
  }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  await groups.verify().catch(async (error: unknown) => {
    await router.stop();
    await database.drop();
    throw error;
  });

  async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const response = await fetch(`${router.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as T };
  }

  async function tickets<T extends TicketWithMessages>(query = ''): Promise<T[]> {
    const page = await api<{ tickets: { ticketId: string }[] }>('GET', `/v1/tickets${query}`);
    return Promise.all(page.json.tickets.map(async (ticket) => (await api<T>('GET', `/v1/tickets/${ticket.ticketId}`)).json));
  }

  return {
    process: router,
    apiKey,
    api,
    tickets,
    async untilMessages<T extends TicketWithMessages>(count: number): Promise<T[]> {
      await waitFor(`${count} messages on the tenant's tickets`, async () => (await tickets<T>()).reduce((sum, ticket) => sum + ticket.messages.length, 0) >= count, 30_000, 200);
      return tickets<T>();
    },
    async stop(): Promise<void> {
      try {
        await router.stop();
      } finally {
        await database.drop();
      }
    },
  };
}
