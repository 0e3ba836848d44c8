import { CHANNEL_KIT_MIGRATIONS } from '@tributary/channel-kit';
import { META_MESSAGING_MIGRATIONS } from './meta-messaging/meta-messaging-migrations';
import { TELEGRAM_MIGRATIONS } from './telegram/telegram-migrations';
import { WHATSAPP_WEB_MIGRATIONS } from './whatsapp-web/whatsapp-web-migrations';

/** social-ingest's database: the kit's tables and each provider's own, oldest first. */
export const SOCIAL_INGEST_MIGRATIONS = [...CHANNEL_KIT_MIGRATIONS, ...TELEGRAM_MIGRATIONS, ...WHATSAPP_WEB_MIGRATIONS, ...META_MESSAGING_MIGRATIONS];
