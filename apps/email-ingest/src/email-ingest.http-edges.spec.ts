import { describeHttpEdges } from '@tributary/platform-testing';
import { emailIngestApp } from './email-ingest.app';

const MAILBOXES = JSON.stringify([{ key: 'acme-support', tenantId: 'acme', address: 'Support@Acme.Example', password: 'support-secret', port: 1 }]);

// No server is needed: the edges hold before any route reaches Kafka, Postgres or a mail server (port 1: nothing listens).
describeHttpEdges(emailIngestApp, {
  DATABASE_URL: 'postgres://tributary:secret@127.0.0.1:1/tributary',
  EMAIL_MAILBOXES: MAILBOXES,
  EMAIL_SMTP_HOST: '127.0.0.1',
  EMAIL_SMTP_PORT: '1',
  BLOB_STORE_DIR: '.local/test-blobs',
});
