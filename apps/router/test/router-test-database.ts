import { createTestDatabase, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_MIGRATIONS } from '@tributary/router-persistence';

/** A fresh database with the router's schema, for one suite. */
export function createRouterTestDatabase(): Promise<TestDatabase> {
  return createTestDatabase('router', { migrations: ROUTER_MIGRATIONS });
}
