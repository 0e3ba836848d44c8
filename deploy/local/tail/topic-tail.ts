import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel, type Admin, type Consumer, type KafkaMessage } from 'kafkajs';
import { toTailRecord, type TailRecord } from './tail-record';
import { TailError } from './tail.error';

export interface TailRequest {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly fromBeginning: boolean;
  readonly key?: string;
  readonly max?: number;
}

export interface TailEvents {
  /** The consumer holds every partition: each record written from now on will come (and, with --from-beginning, the older ones). */
  onReady(ready: { readonly groupId: string; readonly partitions: number }): void;
  onRecord(record: TailRecord): void;
  onWarning(message: string): void;
}

export interface TailSummary {
  readonly printed: number;
  readonly groupId: string;
  /** Whether the throw-away consumer group is gone again. */
  readonly groupDeleted: boolean;
}

/**
 * Prints a topic's records until `max` were printed or `signal` aborts. The positions are the tail's
 * own, kept in memory and never committed: each partition starts at the end (or the beginning) as
 * the topic stood when the tail started, and a rebalance resumes where it was. kafkajs needs a
 * consumer group all the same: a random `tributary-tail-<hex>` one, deleted on the way out.
 */
export async function tailTopic(request: TailRequest, events: TailEvents, signal: AbortSignal): Promise<TailSummary> {
  const where = request.brokers.join(',');
  const kafka = new Kafka({
    clientId: 'tributary-tail',
    brokers: [...request.brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 300, retries: 3 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (error) {
    throw new TailError(`cannot reach Kafka at ${where}: ${messageOf(error)}`);
  }
  try {
    const next = await startOffsets(admin, request, where);
    const groupId = `tributary-tail-${randomBytes(4).toString('hex')}`;
    const printed = await consume(kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 }), request, next, events, signal);
    return { printed, groupId, groupDeleted: await deleteGroup(admin, groupId, events) };
  } finally {
    await admin.disconnect();
  }
}

/** Where each partition starts: its end, or its oldest kept record with --from-beginning. */
async function startOffsets(admin: Admin, request: TailRequest, where: string): Promise<Map<number, bigint>> {
  const topics = await admin.listTopics();
  if (!topics.includes(request.topic)) {
    throw new TailError(`there is no topic "${request.topic}" on ${where} (the apps create Tributary's topics when they first start)`);
  }
  const offsets = await admin.fetchTopicOffsets(request.topic);
  return new Map(offsets.map(({ partition, low, high }) => [partition, BigInt(request.fromBeginning ? low : high)]));
}

async function consume(consumer: Consumer, request: TailRequest, next: Map<number, bigint>, events: TailEvents, signal: AbortSignal): Promise<number> {
  let printed = 0;
  let done = false;
  let finish: () => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = () => {
      done = true;
      resolve();
    };
    fail = reject;
  });
  // A crash may come while nothing awaits `finished` yet; it is awaited below all the same.
  finished.catch(() => undefined);
  signal.addEventListener('abort', finish, { once: true });
  if (signal.aborted) finish();
  const wanted = request.key === undefined ? undefined : Buffer.from(request.key, 'utf8');

  let announced = false;
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    // Runs before the first fetch of the new assignment: the positions are ours, not the group's.
    const partitions = payload.memberAssignment[request.topic] ?? [];
    for (const partition of partitions) {
      const offset = next.get(partition);
      if (offset !== undefined) consumer.seek({ topic: request.topic, partition, offset: offset.toString() });
    }
    if (announced) return;
    announced = true;
    events.onReady({ groupId: payload.groupId, partitions: partitions.length });
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) events.onWarning(`the consumer restarts after: ${payload.error.message}`);
    else fail(new TailError(`the consumer stopped: ${payload.error.message}`));
  });

  const onMessage = (partition: number, message: KafkaMessage): void => {
    if (done) return;
    const offset = BigInt(message.offset);
    const expected = next.get(partition);
    if (expected !== undefined && offset < expected) return; // printed before a rebalance
    next.set(partition, offset + 1n);
    if (wanted && !(message.key && wanted.equals(message.key))) return;
    events.onRecord(toTailRecord(request.topic, partition, message));
    printed += 1;
    if (request.max !== undefined && printed >= request.max) finish();
  };

  try {
    await consumer.connect();
    if (!done) {
      await consumer.subscribe({ topics: [request.topic], fromBeginning: request.fromBeginning });
      await consumer.run({ autoCommit: false, eachMessage: ({ partition, message }) => Promise.resolve(onMessage(partition, message)) });
    }
    await finished;
    return printed;
  } finally {
    signal.removeEventListener('abort', finish);
    await consumer.disconnect();
  }
}

/** The group holds no offsets and no member by now; deleting it leaves the broker as it was. */
async function deleteGroup(admin: Admin, groupId: string, events: TailEvents): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin.deleteGroups([groupId]);
      return true;
    } catch (error) {
      const type = groupErrorType(error);
      if (type === 'GROUP_ID_NOT_FOUND') return true;
      // The broker may not have processed the consumer's LeaveGroup yet.
      if (type === 'NON_EMPTY_GROUP' && attempt < 10) {
        await delay(200);
        continue;
      }
      events.onWarning(`consumer group ${groupId} is left behind (${messageOf(error)}); it holds no offsets, and the broker drops it in time`);
      return false;
    }
  }
}

function groupErrorType(error: unknown): string | undefined {
  const groups = (error as { groups?: { error?: { type?: string } }[] }).groups;
  return Array.isArray(groups) ? groups[0]?.error?.type : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
