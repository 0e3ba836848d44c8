import { describeAppWithoutKafka } from '@tributary/platform-testing';
import { chatIngestApp } from './chat-ingest.app';

describeAppWithoutKafka(chatIngestApp);
