import { randomBytes } from 'node:crypto';
import { HEADERS, TOPICS } from '@tributary/contracts';
import { ensureTopics } from '@tributary/platform-kafka';
import { waitFor } from '@tributary/platform-testing';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { requireJava } from '../src/java.util';
import { ensureKafkaTools, KAFKA_CONSOLE_CONSUMER_CLASS, kafkaToolsClasspath } from '../src/index';
import { runCommand, runTail, type RunningCommand } from './tail-process';

/**
 * `./tributary tail` and Kafka's own console consumer, on the real broker: each reads records that
 * a separate kafkajs producer wrote, the way an operator watches what the apps publish.
 */
describe('tail', () => {
  const brokers = process.env['KAFKA_BROKERS'] ?? '';
  const stackName = process.env['TRIBUTARY_STACK_NAME'] ?? 'test';
  const suiteTopic = `tributary-tail-test-${randomBytes(4).toString('hex')}`;
  const kafka = new Kafka({ clientId: 'tail-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin: Admin = kafka.admin();
  const producer: Producer = kafka.producer();
  const running: RunningCommand[] = [];
  const track = (command: RunningCommand): RunningCommand => (running.push(command), command);

  beforeAll(async () => {
    await Promise.all([admin.connect(), producer.connect()]);
    await admin.createTopics({ topics: [{ topic: suiteTopic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true });
    // The apps create the tickets topic at boot; this suite may run before any app did.
    await ensureTopics(admin, [TOPICS.ticketEvents], { partitions: 3, replicationFactor: 1 });
  });

  afterAll(async () => {
    for (const command of running) command.kill('SIGKILL');
    await admin.deleteTopics({ topics: [suiteTopic] }).catch(() => undefined);
    await Promise.all([admin.disconnect(), producer.disconnect()]);
  });

  const ticketEvent = (key: string, traceId: string) => ({
    key,
    value: JSON.stringify({ type: 'ticket.created', ticketId: key, note: 'written by the suite, not by tail' }),
    headers: { [HEADERS.contract]: 'TicketEvent', [HEADERS.contractVersion]: '1', [HEADERS.traceId]: traceId },
  });

  async function groups(): Promise<string[]> {
    return (await admin.listGroups()).groups.map((group) => group.groupId);
  }

  function groupOf(stderr: string): string {
    const group = /group (tributary-tail-[0-9a-f]+)/.exec(stderr)?.[1];
    if (!group) throw new Error(`tail named no group:\n${stderr}`);
    return group;
  }

  it('prints a record a separate producer wrote, as one JSON line with key, headers and value, and leaves no group behind', async () => {
    const key = `T-${randomBytes(4).toString('hex')}`;
    await producer.send({ topic: suiteTopic, messages: [{ ...ticketEvent(key, 'trace-json'), partition: 1 }] });

    const tail = track(runTail([suiteTopic, '--brokers', brokers, '--from-beginning', '--json', '--max', '1']));
    expect(await tail.exited).toEqual({ code: 0, signal: null });

    const lines = tail.stdout().split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      topic: suiteTopic,
      partition: 1,
      offset: '0',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      key,
      headers: { [HEADERS.contract]: 'TicketEvent', [HEADERS.contractVersion]: '1', [HEADERS.traceId]: 'trace-json' },
      value: { type: 'ticket.created', ticketId: key, note: 'written by the suite, not by tail' },
    });
    const group = groupOf(tail.stderr());
    expect(tail.stderr()).toContain(`1 record printed; group ${group} deleted`);
    expect(await groups()).not.toContain(group);
  });

  it('follows the tickets topic of the running stack by its short name: a record written after it started arrives, other keys are skipped', async () => {
    const key = `T-${randomBytes(4).toString('hex')}`;
    const { KAFKA_BROKERS: _fromSetup, ...env } = process.env;
    // Whoever created the topic first chose its partitions (the apps 6, some suites 3): asked, not assumed.
    const [tickets] = (await admin.fetchTopicMetadata({ topics: [TOPICS.ticketEvents] })).topics;
    const partitions = tickets?.partitions.length ?? 0;
    const tail = track(runTail(['tickets', '--name', stackName, '--key', key, '--max', '1'], env));
    await waitFor('tail to hold its partitions', () => tail.stderr().includes(`tail ${TOPICS.ticketEvents} (${partitions} partitions) on ${brokers} (stack "${stackName}")`), 30_000);

    await producer.send({ topic: TOPICS.ticketEvents, messages: [ticketEvent(`T-other-${key}`, 'trace-other'), ticketEvent(key, 'trace-live')] });
    expect(await tail.exited).toEqual({ code: 0, signal: null });

    const printed = tail.stdout();
    expect(printed).toMatch(new RegExp(`^── ${TOPICS.ticketEvents.replace(/\./g, '\\.')}  partition \\d  offset \\d+  \\d{4}-`));
    expect(printed).toContain(`\nkey      ${key}\n`);
    expect(printed).toContain(`\n         ${HEADERS.traceId}: trace-live\n`);
    expect(printed).toContain(`\nvalue    {\n           "type": "ticket.created",\n           "ticketId": "${key}",\n`);
    expect(printed).not.toContain('T-other-');
  });

  it('stops on SIGINT, exits 0 and deletes its consumer group', async () => {
    const tail = track(runTail([suiteTopic, '--brokers', brokers]));
    await waitFor('tail to hold its partitions', () => tail.stderr().includes(`tail ${suiteTopic} (2 partitions)`), 30_000);
    const group = groupOf(tail.stderr());
    expect(await groups()).toContain(group);

    tail.kill('SIGINT');
    expect(await tail.exited).toEqual({ code: 0, signal: null });
    expect(tail.stderr()).toContain(`0 records printed; group ${group} deleted`);
    expect(await groups()).not.toContain(group);
  });

  it('exits 1 naming a topic the broker does not have', async () => {
    const tail = track(runTail([`${suiteTopic}-missing`, '--brokers', brokers]));
    expect(await tail.exited).toEqual({ code: 1, signal: null });
    expect(tail.stderr()).toBe(`error: there is no topic "${suiteTopic}-missing" on ${brokers} (the apps create Tributary's topics when they first start)\n`);
  });

  it("runs Kafka's own console consumer from the fetched kafka-tools, which reads what the producer wrote", async () => {
    await ensureKafkaTools(() => undefined);
    const key = `T-${randomBytes(4).toString('hex')}`;
    await producer.send({ topic: suiteTopic, messages: [{ ...ticketEvent(key, 'trace-console'), partition: 0 }] });

    // One partition, assigned rather than subscribed: the console consumer joins no group at all.
    const consumer = track(
      runCommand(requireJava(), [
        '-cp', kafkaToolsClasspath(), KAFKA_CONSOLE_CONSUMER_CLASS,
        '--bootstrap-server', brokers, '--topic', suiteTopic, '--partition', '0', '--offset', 'earliest', '--max-messages', '1', '--timeout-ms', '30000',
        '--property', 'print.key=true', '--property', 'print.headers=true',
      ]),
    );
    const exit = await consumer.exited;
    expect({ exit, stderr: consumer.stderr() }).toEqual({ exit: { code: 0, signal: null }, stderr: 'Processed a total of 1 messages\n' });
    expect(consumer.stdout()).toBe(
      `${HEADERS.contract}:TicketEvent,${HEADERS.contractVersion}:1,${HEADERS.traceId}:trace-console\t${key}\t` +
        `{"type":"ticket.created","ticketId":"${key}","note":"written by the suite, not by tail"}\n`,
    );
  }, 90_000);
});
