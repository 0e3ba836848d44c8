import { describeHttpEdges } from '@tributary/platform-testing';
import { chatIngestApp } from './chat-ingest.app';

// No server is needed: the edges hold before any route reaches Kafka (port 1: nothing listens).
describeHttpEdges(chatIngestApp);
