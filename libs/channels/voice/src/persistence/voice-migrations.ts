import { CHANNEL_KIT_MIGRATIONS } from '@tributary/channel-kit';
import { VoicePendingVoicemails1796400000100 } from './1796400000100-voice-pending-voicemails.migration';

/** voice-ingest's migrations with the channel kit's, oldest first; applied by the migrate command, never at boot. */
export const VOICE_INGEST_MIGRATIONS = [...CHANNEL_KIT_MIGRATIONS, VoicePendingVoicemails1796400000100];
