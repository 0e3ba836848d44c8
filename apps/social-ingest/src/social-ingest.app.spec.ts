import { describeAppWithoutKafka } from '@tributary/platform-testing';
import { socialIngestApp } from './social-ingest.app';

describeAppWithoutKafka(socialIngestApp);
