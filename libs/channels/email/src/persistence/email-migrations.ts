import { EmailIngestSchema1764300000000 } from './1764300000000-email-ingest-schema.migration';
import { EmailQuarantineOnce1796241900000 } from './1796241900000-email-quarantine-once.migration';

/** email-ingest's migrations, oldest first; applied by its migrate command, never at boot. */
export const EMAIL_INGEST_MIGRATIONS = [EmailIngestSchema1764300000000, EmailQuarantineOnce1796241900000];
