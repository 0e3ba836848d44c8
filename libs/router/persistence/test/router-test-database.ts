import { createTestDatabase, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_MIGRATIONS } from '../src/router-migrations';

export type RouterTestDatabase = TestDatabase;

/** A new, empty database `router_schema_<random>`, connected with the router's migrations; nothing applied yet. */
export function createRouterTestDatabase(): Promise<RouterTestDatabase> {
  return createTestDatabase('router_schema', { migrations: ROUTER_MIGRATIONS, migrate: false });
}
