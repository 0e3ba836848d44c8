// Prints the records of a topic as they arrive: ./tributary tail <topic>.
import { KAFKA_CONSOLE_CONSUMER_CLASS, kafkaToolsClasspath, runningKafkaBrokers, StackError } from '../src/index';
import { DEFAULT_STACK, resolveTailBrokers } from '../tail/tail-brokers';
import { formatTailJson, formatTailReadable } from '../tail/tail-format';
import { parseTailArgs, type TailOptions } from '../tail/tail-options';
import { TAIL_TOPICS } from '../tail/tail-topics';
import { TailUsageError } from '../tail/tail-usage.error';
import { TailError } from '../tail/tail.error';
import { tailTopic } from '../tail/topic-tail';

function usage(): string {
  const topics = Object.entries(TAIL_TOPICS).map(([short, topic]) => `  ${short.padEnd(12)} ${topic}`);
  return `usage: ./tributary tail <topic> [--from-beginning] [--json] [--key KEY] [--max N] [--brokers HOST:PORT,… | --name STACK]

Prints a Kafka topic's records as they arrive: key, headers and value (JSON pretty-printed).
It commits nothing: it reads in a throw-away consumer group, tributary-tail-<random>, deleted on exit.

<topic> is a short name or any full topic name:
${topics.join('\n')}

  --from-beginning  start at the oldest record the topic keeps (default: only records from now on)
  --json            one JSON object per line: topic, partition, offset, timestamp, key, headers
                    (strings), value (parsed when it is JSON); keyEncoding/valueEncoding "base64"
                    mark bytes that are not UTF-8
  --key KEY         only records with exactly this key (a ticket id on tickets and state)
  --max N           stop after N printed records
  --brokers LIST    the Kafka to read, host:port[,host:port…]
  --name STACK      the Kafka of this local stack (as in ./tributary start --name STACK)
  -h, --help        this text

Without --brokers or --name: KAFKA_BROKERS when set, else the Kafka of the local gateway that
./tributary start runs (stack "${DEFAULT_STACK}"). Stops on Ctrl-C or SIGTERM and exits 0; 1 when it
cannot read (no Kafka, no such topic); 2 for a bad command line.

Kafka's own console tools come with the local stack (fetched when it starts Kafka):
  java -cp '${kafkaToolsClasspath()}' ${KAFKA_CONSOLE_CONSUMER_CLASS} \\
    --bootstrap-server <host:port> --topic ${TAIL_TOPICS.tickets} --from-beginning \\
    --property print.key=true --property print.headers=true
`;
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseTailArgs(argv);
  if (options === undefined) {
    process.stdout.write(usage());
    return 0;
  }
  const { brokers, from } = await resolveTailBrokers(options, process.env, runningKafkaBrokers);
  const stop = new AbortController();
  let signals = 0;
  const onSignal = (): void => {
    signals += 1;
    // A second Ctrl-C does not wait for the consumer to leave its group.
    if (signals > 1) process.exit(130);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // `tail … | head -3`: the reader went away, so stop reading.
  let stdoutOpen = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    stdoutOpen = false;
    if (error.code !== 'EPIPE') process.stderr.write(`error: cannot write the records: ${error.message}\n`);
    stop.abort();
  });
  const format = options.json ? formatTailJson : formatTailReadable;
  const summary = await tailTopic(
    { brokers, topic: options.topic, fromBeginning: options.fromBeginning, ...pick(options) },
    {
      onReady: ({ groupId, partitions }) => note(`tail ${options.topic} (${partitions} partition${partitions === 1 ? '' : 's'}) on ${brokers.join(',')} (${from}), ${describe(options)}; group ${groupId}, nothing committed; Ctrl-C stops`),
      onRecord: (record) => {
        if (stdoutOpen) process.stdout.write(format(record));
      },
      onWarning: (message) => note(`warning: ${message}`),
    },
    stop.signal,
  );
  note(`${summary.printed} record${summary.printed === 1 ? '' : 's'} printed${summary.groupDeleted ? `; group ${summary.groupId} deleted` : ''}`);
  return 0;
}

function pick(options: TailOptions): { key?: string; max?: number } {
  return { ...(options.key === undefined ? {} : { key: options.key }), ...(options.max === undefined ? {} : { max: options.max }) };
}

function describe(options: TailOptions): string {
  const parts = [options.fromBeginning ? 'from the beginning' : 'from now on'];
  if (options.key !== undefined) parts.push(`key ${options.key}`);
  if (options.max !== undefined) parts.push(`at most ${options.max}`);
  return parts.join(', ');
}

function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof TailUsageError) {
      process.stderr.write(`error: ${error.message}\n\n${usage()}`);
      process.exitCode = 2;
      return;
    }
    const message = error instanceof StackError ? error.headline : error instanceof TailError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message}\n`);
    process.exitCode = 1;
  },
);
