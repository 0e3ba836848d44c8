// social-ingest's schema command (`./tributary migrate social-ingest [up|down|status]`): the shared migrate
// command over social-ingest's own database: the channel kit's tables and its providers' own.
import { SOCIAL_INGEST_MIGRATIONS as MIGRATIONS } from '@tributary/channel-social';
import { runMigrateCommand } from '@tributary/platform-database';

void runMigrateCommand({ app: 'social-ingest', migrations: MIGRATIONS });
