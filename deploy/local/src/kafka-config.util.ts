import { randomBytes } from 'node:crypto';

export interface KafkaConfigInput {
  readonly brokerPort: number;
  readonly controllerPort: number;
  readonly dataDir: string;
}

/** Single-node KRaft: one process is broker and controller, every replication factor is 1. */
export function renderServerProperties({ brokerPort, controllerPort, dataDir }: KafkaConfigInput): string {
  const lines = [
    '# Written by deploy/local on every start; edits are overwritten.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${brokerPort}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=1',
    // One partition per internal topic instead of 50: faster first consumer group and crash recovery.
    'offsets.topic.num.partitions=1',
    'transaction.state.log.num.partitions=1',
    'share.coordinator.state.topic.num.partitions=1',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    // Consumers in tests join at once instead of waiting 3 s for more members.
    'group.initial.rebalance.delay.ms=0',
    // The default 128 MB dedupe buffer is most of a small heap.
    'log.cleaner.dedupe.buffer.size=8388608',
    // Topics come from the contracts' topic catalog; a typo must fail, not create a topic.
    'auto.create.topics.enable=false',
  ];
  return `${lines.join('\n')}\n`;
}

/** Everything to the console, which the stack redirects into logs/kafka.log. */
export function renderLog4j2Properties(): string {
  return [
    'appender.console.type=Console',
    'appender.console.name=STDOUT',
    'appender.console.layout.type=PatternLayout',
    'appender.console.layout.pattern=[%d] %p %m (%c)%n',
    'rootLogger.level=INFO',
    'rootLogger.appenderRef.stdout.ref=STDOUT',
    '',
  ].join('\n');
}

/**
 * A cluster id as `kafka-storage random-uuid` makes it (16 random bytes, unpadded base64url, never
 * starting with "-"), made here to save a JVM start.
 */
export function newKafkaClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const bytes = random(16);
    const id = bytes.toString('base64url');
    if (!id.startsWith('-') && bytes.some((byte) => byte !== 0)) return id;
  }
}
