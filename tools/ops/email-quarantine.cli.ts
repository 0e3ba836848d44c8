// Lists, shows and re-drives mail email-ingest quarantined: ./tributary quarantine --help.
import {
  createEmailIntake,
  emailHandoff,
  EmailIngestStateRepository,
  emailIntakeConfigShape,
  EmailQuarantineRepository,
  QuarantineRedriveError,
  QuarantineRedriveErrorCode,
  QuarantineRedriver,
} from '@tributary/channel-email';
import { blobStoreConfigShape, blobStoreFromConfig } from '@tributary/platform-blob-store';
import { databaseConfigShape, loadConfig } from '@tributary/platform-config';
import { createDataSource } from '@tributary/platform-database';
import { ContractPublisher } from '@tributary/platform-kafka';
import { JsonLogger } from '@tributary/platform-observability';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { operatorKafka } from './cli-kafka.util';
import { json } from './cli-output.util';
import { runOperatorCli } from './operator-cli.util';
import { parseQuarantineArgs, QUARANTINE_USAGE, type QuarantineCommand } from './email-quarantine-options';
import { quarantineListText, quarantineRedriveText, quarantineShowText, quarantineView } from './email-quarantine-output';

const CLIENT = 'tributary-email-quarantine-cli';
/** What list and show need: email-ingest's own database. */
const databaseSchema = z.object({ DATABASE_URL: databaseConfigShape.DATABASE_URL });
/** What a re-drive needs besides: what email-ingest reads to receive a mail (its blob store, its limits). */
const redriveSchema = z.object({ ...blobStoreConfigShape, ...emailIntakeConfigShape });

type Command = Exclude<QuarantineCommand, { command: 'help' }>;

async function run(command: Command, out: (text: string) => void): Promise<number> {
  const { DATABASE_URL } = loadConfig(databaseSchema);
  const dataSource = createDataSource({ url: DATABASE_URL, poolSize: 2, applicationName: CLIENT });
  await dataSource.initialize();
  try {
    const quarantine = new EmailQuarantineRepository(dataSource);
    switch (command.command) {
      case 'list': {
        const { mails, matched } = await quarantine.list(command.filter, command.limit);
        out(command.json ? json({ matched, quarantined: mails.map(quarantineView) }) : quarantineListText(mails, matched));
        return 0;
      }
      case 'show': {
        const mail = await quarantine.get(command.id);
        if (!mail) throw new QuarantineRedriveError(QuarantineRedriveErrorCode.NotFound, `no quarantined mail ${command.id}`);
        out(command.json ? json(quarantineView(mail)) : quarantineShowText(mail));
        return 0;
      }
      case 'redrive':
        return await redrive(command, dataSource, quarantine, out, DATABASE_URL);
    }
  } finally {
    await dataSource.destroy();
  }
}

async function redrive(command: Extract<Command, { command: 'redrive' }>, dataSource: DataSource, quarantine: EmailQuarantineRepository, out: (text: string) => void, databaseUrl: string): Promise<number> {
  const config = loadConfig(redriveSchema);
  const blobStore = blobStoreFromConfig(config);
  const publisher = new ContractPublisher(operatorKafka(command.brokers, CLIENT).kafka);
  // A mail quarantined again logs its line as email-ingest's would, on stderr beside the answer.
  const logger = new JsonLogger({ app: CLIENT, level: 'info', secrets: [databaseUrl], write: (line) => void process.stderr.write(line) });
  try {
    const intake = createEmailIntake(config, { blobStore, handoff: emailHandoff(publisher, config), state: new EmailIngestStateRepository(dataSource), logger });
    const result = await new QuarantineRedriver(quarantine, blobStore, intake).redrive(command.id);
    out(command.json ? json(result) : quarantineRedriveText(result));
    return result.outcome === 'published' ? 0 : 1;
  } finally {
    await publisher.close();
  }
}

runOperatorCli({
  usage: QUARANTINE_USAGE,
  parse: parseQuarantineArgs,
  run,
  isCoded: (error): error is QuarantineRedriveError => error instanceof QuarantineRedriveError,
});
