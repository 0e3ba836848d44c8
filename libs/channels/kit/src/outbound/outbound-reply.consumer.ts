import { OutboundMessageV1, TOPICS } from '@tributary/contracts';
import type { BatchConsumerOptions } from '@tributary/platform-kafka';
import type { OutboundReplyDispatcher } from './outbound-reply.dispatcher';

/**
 * Partitions of the reply topic one replica works on at once. Replies are keyed by ticket, so a
 * ticket's replies keep their order; the partitions of several tickets no longer wait on each
 * other (one at a time, the chat's replies fell 10 s behind at 200 a second).
 */
export const REPLY_PARTITIONS_AT_ONCE = 3;

/**
 * The consumer settings of an app's reply loop on `tributary.outbound.v1`: one consumer group for
 * all of the app's replicas, so each reply is sent by exactly one. A channel whose reply must reach
 * the replica holding the customer's connection (the in-app chat) stores it in its database from
 * whichever replica consumed it and fans it out from there (PostgreSQL NOTIFY): a group per replica
 * would have every replica send every reply, and a replica started later would miss what came before.
 */
export function outboundReplyConsumer(dispatcher: OutboundReplyDispatcher, groupId: string): BatchConsumerOptions<typeof OutboundMessageV1.schema> {
  return {
    groupId,
    topic: TOPICS.outbound,
    contract: OutboundMessageV1,
    deadLetterTopic: TOPICS.inboundDeadLetter,
    fromBeginning: true,
    partitionsConsumedConcurrently: REPLY_PARTITIONS_AT_ONCE,
    handle: (records) => dispatcher.handle(records),
  };
}
