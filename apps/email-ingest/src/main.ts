import { runApp } from '@tributary/platform-app';
import { emailIngestApp } from './email-ingest.app';

void runApp(emailIngestApp);
