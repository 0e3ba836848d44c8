import { CHANNEL_KIT_MIGRATIONS } from '@tributary/channel-kit';
import { ChatConversations1796800000000 } from './1796800000000-chat-conversations.migration';
import { ChatUploads1796900000000 } from './1796900000000-chat-uploads.migration';
import { ChatAgentPresence1797000000000 } from './1797000000000-chat-agent-presence.migration';

/** chat-ingest's database: the kit's tables, the conversations, the visitors' uploads and the agents' presence, oldest first. */
export const CHAT_INGEST_MIGRATIONS = [...CHANNEL_KIT_MIGRATIONS, ChatConversations1796800000000, ChatUploads1796900000000, ChatAgentPresence1797000000000];
