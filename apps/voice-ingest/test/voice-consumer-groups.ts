import { TOPICS } from '@tributary/contracts';
import { ownConsumerGroups, type OwnConsumerGroups } from '@tributary/platform-testing';
import { VOICE_OUTBOUND_GROUP } from '../src/outbound-sms.service';

/**
 * voice-ingest's reply loop in a consumer group of the suite's own that starts where the outbound
 * topic ends now: it sends the replies this suite publishes, never those earlier suites left (which
 * it would otherwise send through this suite's Twilio emulator). Every replica of one suite shares it.
 */
export function voiceGroupsFromNow(label: string, brokers?: string): Promise<OwnConsumerGroups> {
  return ownConsumerGroups(label, [{ groupId: VOICE_OUTBOUND_GROUP, topic: TOPICS.outbound }], brokers);
}
