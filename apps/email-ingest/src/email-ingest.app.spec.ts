import { describeAppWithoutKafka } from '@tributary/platform-testing';
import { emailIngestApp } from './email-ingest.app';

const MAILBOXES = JSON.stringify([{ key: 'acme-support', tenantId: 'acme', address: 'Support@Acme.Example', password: 'support-secret', port: 1 }]);

// Nothing listens on port 1: Kafka, Postgres and the mail servers are all away.
describeAppWithoutKafka(emailIngestApp, {
  DATABASE_URL: 'postgres://tributary:secret@127.0.0.1:1/tributary',
  EMAIL_MAILBOXES: MAILBOXES,
  EMAIL_SMTP_HOST: '127.0.0.1',
  EMAIL_SMTP_PORT: '1',
  BLOB_STORE_DIR: '.local/test-blobs',
});
