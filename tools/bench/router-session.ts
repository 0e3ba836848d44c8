import { TOPICS } from '@tributary/contracts';
import { bootApp, type BootedApp } from '@tributary/platform-testing';
import type { Kafka } from 'kafkajs';
import { ROUTER_CONSUMER_GROUP, routerApp } from './router-under-bench';
import { pollUntil } from './wait.util';

/**
 * On a reused bench stack, an aborted earlier run may have left inbound records the router's
 * group never consumed; they belong to a dropped database, so the group skips them (moves to the
 * end of the topic) instead of spending this run's time on them. Returns how many were skipped.
 */
async function skipLeftoverInbound(kafka: Kafka): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(TOPICS.inbound)) return 0;
    const [committed] = await admin.fetchOffsets({ groupId: ROUTER_CONSUMER_GROUP, topics: [TOPICS.inbound] });
    const ends = await admin.fetchTopicOffsets(TOPICS.inbound);
    const leftover = ends.reduce((sum, end) => {
      const at = Number(committed?.partitions.find((partition) => partition.partition === end.partition)?.offset ?? -1);
      return sum + Number(end.high) - (at >= 0 ? at : Number(end.low));
    }, 0);
    if (leftover > 0) await admin.resetOffsets({ groupId: ROUTER_CONSUMER_GROUP, topic: TOPICS.inbound, earliest: false });
    return leftover;
  } finally {
    await admin.disconnect();
  }
}

/** Boots the router in this process, as its main.ts would, and waits for /health/ready to answer 200. */
export async function startRouter(kafka: Kafka, env: { brokers: string; databaseUrl: string }, log: (line: string) => void): Promise<BootedApp> {
  const skipped = await skipLeftoverInbound(kafka);
  if (skipped > 0) log(`router: skipped ${skipped} inbound records left over from an earlier run`);
  // Router tuning variables (ROUTER_*, DATABASE_POOL_SIZE) pass through, so a run can compare settings.
  const tuning = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('ROUTER_') || name === 'DATABASE_POOL_SIZE'));
  const router = await bootApp(routerApp, { ...tuning, KAFKA_BROKERS: env.brokers, DATABASE_URL: env.databaseUrl, LOG_LEVEL: 'warn' });
  try {
    await pollUntil({
      what: 'the router to answer /health/ready with 200',
      read: async () => ((await router.get('/health/ready')).status === 200 ? 1 : 0),
      target: 1,
      timeoutMs: 90_000,
      intervalMs: 200,
    });
  } catch (error) {
    await router.close();
    throw error;
  }
  log(`router: ready at ${router.baseUrl}`);
  return router;
}
