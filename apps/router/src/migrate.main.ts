// router's schema command (`./tributary migrate router [up|down|status]`): the shared migrate command
// over router's own database and migrations.
import { ROUTER_MIGRATIONS as MIGRATIONS } from '@tributary/router-persistence';
import { runMigrateCommand } from '@tributary/platform-database';

void runMigrateCommand({ app: 'router', migrations: MIGRATIONS });
