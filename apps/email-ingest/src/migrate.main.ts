// email-ingest's schema command (`./tributary migrate email-ingest [up|down|status]`): the shared migrate command
// over email-ingest's own database and migrations.
import { EMAIL_INGEST_MIGRATIONS as MIGRATIONS } from '@tributary/channel-email';
import { runMigrateCommand } from '@tributary/platform-database';

void runMigrateCommand({ app: 'email-ingest', migrations: MIGRATIONS });
