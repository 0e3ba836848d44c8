import { TOPICS } from '@tributary/contracts';
import { TailUsageError } from './tail-usage.error';

/** The short names `tail` takes, each for one of Tributary's topics. */
export const TAIL_TOPICS = {
  tickets: TOPICS.ticketEvents,
  state: TOPICS.ticketState,
  inbound: TOPICS.inbound,
  outbound: TOPICS.outbound,
  delivery: TOPICS.delivery,
  dlq: TOPICS.inboundDeadLetter,
  attachments: TOPICS.attachments,
} as const;

// Kafka's own rule for topic names (Topic.validate): at most 249 of these characters, not "." or "..".
const LEGAL_TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

/** A short name's topic, or a full topic name as it is. */
export function resolveTailTopic(name: string): string {
  const short = Object.entries(TAIL_TOPICS).find(([shortName]) => shortName === name);
  if (short) return short[1];
  if (!LEGAL_TOPIC.test(name) || name === '.' || name === '..') {
    throw new TailUsageError(`"${name}" is neither a short name (${Object.keys(TAIL_TOPICS).join(', ')}) nor a Kafka topic name`);
  }
  return name;
}
