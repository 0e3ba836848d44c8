import { describeAppWithoutKafka } from '@tributary/platform-testing';
import { emailIngestApp } from './email-ingest.app';

describeAppWithoutKafka(emailIngestApp);
