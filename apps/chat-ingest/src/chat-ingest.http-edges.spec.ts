import { describeHttpEdges } from '@tributary/platform-testing';
import { chatIngestApp } from './chat-ingest.app';
import { CHAT_TEST_ENV } from './chat-ingest.test-env';

// No server is needed: the edges hold before any route reaches Kafka or PostgreSQL (port 1: nothing listens).
describeHttpEdges(chatIngestApp, CHAT_TEST_ENV);
