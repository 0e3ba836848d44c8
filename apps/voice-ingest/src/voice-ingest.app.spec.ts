import { describeAppWithoutKafka } from '@tributary/platform-testing';
import { voiceIngestApp } from './voice-ingest.app';

describeAppWithoutKafka(voiceIngestApp);
