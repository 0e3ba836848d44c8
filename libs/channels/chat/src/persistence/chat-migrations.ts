import { CHANNEL_KIT_MIGRATIONS } from '@tributary/channel-kit';
import { ChatConversations1796800000000 } from './1796800000000-chat-conversations.migration';

/** chat-ingest's database: the kit's tables and the conversations, oldest first. */
export const CHAT_INGEST_MIGRATIONS = [...CHANNEL_KIT_MIGRATIONS, ChatConversations1796800000000];
