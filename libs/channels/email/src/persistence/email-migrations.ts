import { EmailIngestSchema1764300000000 } from './1764300000000-email-ingest-schema.migration';

/** email-ingest's migrations, oldest first; applied by its migrate command, never at boot. */
export const EMAIL_INGEST_MIGRATIONS = [EmailIngestSchema1764300000000];
