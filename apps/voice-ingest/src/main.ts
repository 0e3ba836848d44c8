import { runApp } from '@tributary/platform-app';
import { voiceIngestApp } from './voice-ingest.app';

void runApp(voiceIngestApp);
