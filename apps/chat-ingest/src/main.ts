import { runApp } from '@tributary/platform-app';
import { chatIngestApp } from './chat-ingest.app';

void runApp(chatIngestApp);
