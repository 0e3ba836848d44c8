// social-ingest's schema command (`./tributary migrate social-ingest [up|down|status]`): the shared migrate
// command over social-ingest's own database, which holds only the channel kit's tables.
import { CHANNEL_KIT_MIGRATIONS as MIGRATIONS } from '@tributary/channel-kit';
import { runMigrateCommand } from '@tributary/platform-database';

void runMigrateCommand({ app: 'social-ingest', migrations: MIGRATIONS });
