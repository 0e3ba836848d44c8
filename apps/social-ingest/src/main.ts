import { runApp } from '@tributary/platform-app';
import { socialIngestApp } from './social-ingest.app';

void runApp(socialIngestApp);
