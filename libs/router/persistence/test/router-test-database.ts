import { createTestDatabase, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_ENTITIES, ROUTER_MIGRATIONS } from '../src/router-entities';

export type RouterTestDatabase = TestDatabase;

/** A new, empty database `router_schema_<random>`, connected with the router's entities and migrations; nothing applied yet. */
export function createRouterTestDatabase(): Promise<RouterTestDatabase> {
  return createTestDatabase('router_schema', { migrations: ROUTER_MIGRATIONS, entities: ROUTER_ENTITIES, migrate: false });
}
