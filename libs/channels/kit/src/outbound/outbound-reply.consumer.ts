import { OutboundMessageV1, TOPICS } from '@tributary/contracts';
import type { BatchConsumerOptions } from '@tributary/platform-kafka';
import type { OutboundReplyDispatcher } from './outbound-reply.dispatcher';

export type OutboundReplyMode =
  /** One replica of the app gets each reply (one consumer group): the usual case. */
  | { readonly kind: 'shared' }
  /**
   * Every replica gets every reply (a group per replica, starting at the newest record), for
   * channels whose reply must reach the replica holding the customer's connection. A replica that
   * starts later replays what it missed from the database, not from Kafka.
   */
  | { readonly kind: 'broadcast'; readonly replicaId: string };

/** The consumer settings of an app's reply loop on `tributary.outbound.v1`. */
export function outboundReplyConsumer(
  dispatcher: OutboundReplyDispatcher,
  groupId: string,
  mode: OutboundReplyMode,
): BatchConsumerOptions<typeof OutboundMessageV1.schema> {
  const broadcast = mode.kind === 'broadcast';
  return {
    groupId: broadcast ? `${groupId}.${mode.replicaId}` : groupId,
    topic: TOPICS.outbound,
    contract: OutboundMessageV1,
    deadLetterTopic: TOPICS.inboundDeadLetter,
    fromBeginning: !broadcast,
    handle: (records) => dispatcher.handle(records),
  };
}
