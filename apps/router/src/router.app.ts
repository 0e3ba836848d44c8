import { DynamicModule, Module } from '@nestjs/common';
import { TOPICS } from '@tributary/contracts';
import { standardImports, type AppDefinition } from '@tributary/platform-app';
import { databaseConfigShape } from '@tributary/platform-config';
import { ROUTER_ENTITIES, ROUTER_MIGRATIONS } from '@tributary/router-persistence';
import { TicketingModule } from '@tributary/router-ticketing';
import { z } from 'zod';

const configSchema = z.object({ ...databaseConfigShape });

/** The router reads inbound messages and delivery reports, and writes everything helpdesks read. */
const TOPICS_USED = Object.values(TOPICS);

@Module({})
class RouterModule {}

export const routerApp: AppDefinition<typeof configSchema> = {
  name: 'router',
  summary: 'Dedupes inbound messages into unified tickets in Postgres and publishes the ticket stream.',
  configSchema,
  module: (config): DynamicModule => ({
    module: RouterModule,
    imports: [
      ...standardImports({
        app: 'router',
        config,
        topics: TOPICS_USED,
        database: { ...config, entities: ROUTER_ENTITIES, migrations: ROUTER_MIGRATIONS },
      }),
      TicketingModule,
    ],
  }),
};
