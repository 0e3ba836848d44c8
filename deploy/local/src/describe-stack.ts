import { MAIL_USERS } from './mail-users';
import { postgresUrl } from './postgres-config.util';
import { postgresPassword } from './postgres-password.util';
import type { StackPaths } from './stack-paths.util';
import { livePid, STACK_SERVERS } from './stack-servers';
import type { StackState } from './stack-state.store';
import type { StackInfo } from './stack.types';

/** Addresses and env variables of every component of the stack that is serving right now. */
export async function describeStack(paths: StackPaths, state: StackState): Promise<StackInfo> {
  const info: StackInfo = { name: paths.name, env: {} };
  const context = { paths, log: (): void => undefined, onSpawned: (): void => undefined };
  const { kafka, postgres, mail } = state.components;
  if (kafka && livePid(context, 'kafka', kafka) !== undefined && (await STACK_SERVERS.kafka.answers(kafka.ports))) {
    info.kafka = { brokers: `127.0.0.1:${kafka.ports.broker}` };
    info.env['KAFKA_BROKERS'] = info.kafka.brokers;
  }
  const external = process.env['DATABASE_URL'];
  if (external) {
    info.postgres = { url: external, external: true };
  } else if (postgres && livePid(context, 'postgres', postgres) !== undefined && (await STACK_SERVERS.postgres.answers(postgres.ports))) {
    info.postgres = { url: postgresUrl(postgres.ports.port, postgresPassword(paths)), external: false };
  }
  if (info.postgres) info.env['DATABASE_URL'] = info.postgres.url;
  if (mail && livePid(context, 'mail', mail) !== undefined && (await STACK_SERVERS.mail.answers(mail.ports))) {
    info.mail = { host: '127.0.0.1', smtpPort: mail.ports.smtp, imapPort: mail.ports.imap, users: MAIL_USERS };
    info.env['MAIL_HOST'] = info.mail.host;
    info.env['MAIL_SMTP_PORT'] = String(mail.ports.smtp);
    info.env['MAIL_IMAP_PORT'] = String(mail.ports.imap);
  }
  return info;
}
