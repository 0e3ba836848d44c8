// voice-ingest's schema command (`./tributary migrate voice-ingest [up|down|status]`): the shared migrate command
// over voice-ingest's own database and migrations.
import { VOICE_INGEST_MIGRATIONS as MIGRATIONS } from '@tributary/channel-voice';
import { runMigrateCommand } from '@tributary/platform-database';

void runMigrateCommand({ app: 'voice-ingest', migrations: MIGRATIONS });
