import { describeHttpEdges } from '@tributary/platform-testing';
import { socialIngestApp } from './social-ingest.app';

// No server is needed: the edges hold before any route reaches Kafka, PostgreSQL or the Graph API (port 1: nothing listens).
describeHttpEdges(socialIngestApp, {
  DATABASE_URL: 'postgres://tributary:secret@127.0.0.1:1/tributary',
  BLOB_STORE_DIR: '.local/test-blobs',
  WHATSAPP_CLOUD_NUMBERS: JSON.stringify({ '106540352242922': { tenantId: 'acme' } }),
  WHATSAPP_CLOUD_GRAPH_BASE_URL: 'http://127.0.0.1:1',
  WHATSAPP_CLOUD_ACCESS_TOKEN: 'test-access-token-0123456789',
  WHATSAPP_CLOUD_APP_SECRETS: 'test-app-secret-0123456789',
  WHATSAPP_CLOUD_VERIFY_TOKEN: 'test-verify-token-0123456789',
  WHATSAPP_CLOUD_WEBHOOK_BASE_URL: 'https://social.example.com',
});
