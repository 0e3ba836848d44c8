import { bootApp, describeAppWithoutKafka } from '@tributary/platform-testing';
import { chatIngestApp } from './chat-ingest.app';
import { CHAT_TEST_ENV } from './chat-ingest.test-env';

describe('with a tenant configured', () => {
  describeAppWithoutKafka(chatIngestApp, CHAT_TEST_ENV);

  it('counts its open widget sockets on /metrics', async () => {
    const booted = await bootApp(chatIngestApp, { KAFKA_BROKERS: '127.0.0.1:1', ...CHAT_TEST_ENV });
    try {
      expect((await booted.get('/metrics')).body).toMatch(/^tributary_chat_sockets_open\{app="chat-ingest"\} 0$/m);
    } finally {
      await booted.close();
    }
  });
});

describe('with no tenant configured', () => {
  describeAppWithoutKafka(chatIngestApp, { DATABASE_URL: CHAT_TEST_ENV.DATABASE_URL });
});
