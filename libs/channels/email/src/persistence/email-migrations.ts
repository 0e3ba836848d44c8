import { CHANNEL_KIT_MIGRATIONS } from '@tributary/channel-kit';
import { EmailIngestSchema1764300000000 } from './1764300000000-email-ingest-schema.migration';
import { EmailQuarantineOnce1796241900000 } from './1796241900000-email-quarantine-once.migration';
import { EmailSentRepliesToKit1796400000001 } from './1796400000001-email-sent-replies-to-kit.migration';
import { EmailQuarantineMessageId1796500000000 } from './1796500000000-email-quarantine-message-id.migration';
import { EmailQuarantineRedrive1796600000000 } from './1796600000000-email-quarantine-redrive.migration';

/** email-ingest's migrations with the channel kit's, oldest first; applied by the migrate command, never at boot. */
export const EMAIL_INGEST_MIGRATIONS = [EmailIngestSchema1764300000000, EmailQuarantineOnce1796241900000, ...CHANNEL_KIT_MIGRATIONS, EmailSentRepliesToKit1796400000001, EmailQuarantineMessageId1796500000000, EmailQuarantineRedrive1796600000000];
