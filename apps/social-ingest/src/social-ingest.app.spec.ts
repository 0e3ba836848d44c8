import { describeAppWithoutKafka } from '@tributary/platform-testing';
import { socialIngestApp } from './social-ingest.app';

// Nothing listens on port 1: Kafka, PostgreSQL and the Graph API are all away.
const BASE = { DATABASE_URL: 'postgres://tributary:secret@127.0.0.1:1/tributary', BLOB_STORE_DIR: '.local/test-blobs' };

describe('with WhatsApp configured', () => {
  describeAppWithoutKafka(socialIngestApp, {
    ...BASE,
    WHATSAPP_CLOUD_NUMBERS: JSON.stringify({ '106540352242922': { tenantId: 'acme' } }),
    WHATSAPP_CLOUD_GRAPH_BASE_URL: 'http://127.0.0.1:1',
    WHATSAPP_CLOUD_ACCESS_TOKEN: 'test-access-token-0123456789',
    WHATSAPP_CLOUD_APP_SECRETS: 'test-app-secret-0123456789',
    WHATSAPP_CLOUD_VERIFY_TOKEN: 'test-verify-token-0123456789',
    WHATSAPP_CLOUD_WEBHOOK_BASE_URL: 'https://social.example.com',
  });
});

describe('with no provider configured', () => {
  describeAppWithoutKafka(socialIngestApp, BASE);
});
