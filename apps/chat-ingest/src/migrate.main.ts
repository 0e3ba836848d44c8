// chat-ingest's schema command (`./tributary migrate chat-ingest [up|down|status]`): the shared migrate
// command over chat-ingest's own database: the channel kit's tables and the chat conversations.
import { CHAT_INGEST_MIGRATIONS as MIGRATIONS } from '@tributary/channel-chat';
import { runMigrateCommand } from '@tributary/platform-database';

void runMigrateCommand({ app: 'chat-ingest', migrations: MIGRATIONS });
