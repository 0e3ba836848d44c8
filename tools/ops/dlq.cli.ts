// Lists, shows and re-drives dead letters: ./tributary dlq --help.
import { hostname, userInfo } from 'node:os';
import {
  ContractPublisher,
  DeadLetterOperationError,
  DeadLetterReader,
  DeadLetterRedriver,
  deadLetterDetailView,
  deadLetterView,
  type DeadLetterView,
} from '@tributary/platform-kafka';
import type { Kafka } from 'kafkajs';
import { operatorKafka } from './cli-kafka.util';
import { json } from './cli-output.util';
import { runOperatorCli } from './operator-cli.util';
import { DLQ_USAGE, parseDlqArgs, type DlqCommand } from './dlq-options';
import { listText, redriveText, showText } from './dlq-output';

type Command = Exclude<DlqCommand, { command: 'help' }>;

function connect(command: Command): { kafka: Kafka; reader: DeadLetterReader } {
  const { kafka, groupPrefix } = operatorKafka(command.brokers, 'tributary-dlq-cli');
  return { kafka, reader: new DeadLetterReader(kafka, { topic: command.topic, groupPrefix }) };
}

async function run(command: Command, out: (text: string) => void): Promise<number> {
  const { kafka, reader } = connect(command);
  const by = `cli:${userInfo().username}@${hostname()}`;
  switch (command.command) {
    case 'list': {
      const { records, matched, scanned } = await reader.list(command.filter, command.limit);
      const views = records.map(deadLetterView);
      out(command.json ? json({ deadLetterTopic: reader.topic, matched, scanned, deadLetters: views }) : listText(reader.topic, views, matched, scanned));
      return 0;
    }
    case 'show': {
      const [record] = await reader.get([command.id]);
      if (record) out(command.json ? json(deadLetterDetailView(record)) : showText(deadLetterDetailView(record)));
      return 0;
    }
    case 'redrive':
      return withPublisher(kafka, async (redriver) => {
        const redriven = await redriver.redriveIds(command.ids, by);
        out(command.json ? json({ redriven, skipped: [] }) : redriveText(redriven, []));
        return 0;
      });
    case 'redrive-matching': {
      if (command.dryRun) {
        const views: DeadLetterView[] = [];
        const { matched, scanned } = await reader.scan(command.filter, (records) => void views.push(...records.map(deadLetterView)));
        views.sort((a, b) => a.timestamp.localeCompare(b.timestamp));
        out(command.json ? json({ deadLetterTopic: reader.topic, matched, scanned, deadLetters: views }) : `dry run, nothing sent: would re-drive\n${listText(reader.topic, views, matched, scanned)}`);
        return 0;
      }
      return withPublisher(kafka, async (redriver) => {
        const { redriven, skipped } = await redriver.redriveMatching(command.filter, by);
        out(command.json ? json({ redriven, skipped }) : redriveText(redriven, skipped));
        return skipped.length > 0 ? 1 : 0;
      });
    }
  }

  async function withPublisher(client: Kafka, work: (redriver: DeadLetterRedriver) => Promise<number>): Promise<number> {
    const publisher = new ContractPublisher(client);
    try {
      return await work(new DeadLetterRedriver(reader, publisher));
    } finally {
      await publisher.close();
    }
  }
}

runOperatorCli({
  usage: DLQ_USAGE,
  parse: parseDlqArgs,
  run,
  isCoded: (error): error is DeadLetterOperationError => error instanceof DeadLetterOperationError,
  hint: (error) => (error.name.startsWith('KafkaJS') ? 'Kafka did not answer (is it running? --brokers, KAFKA_BROKERS): ' : ''),
});
