import { randomUUID } from 'node:crypto';
import { AccountLeaseRepository } from '@tributary/channel-kit';
import { GREENMAIL_PROJECT_USERS, mailServer, submitMail } from '../src/testing';
import type { ImapMailboxConfig, ImapPollerTimings } from '../src/imap/imap-mailbox-config';
import { ImapMailboxPoller } from '../src/imap/imap-mailbox.poller';
import { ImapMetrics } from '../src/imap/imap-metrics';
import { MailboxCheckpointRepository } from '../src/persistence/mailbox-checkpoint.repository';
import { silentLogger, type EmailHarness } from './email-test-harness';

const { support } = GREENMAIL_PROJECT_USERS['channel-email'];

/** GreenMail's support mailbox as one tenant's IMAP intake. */
export function supportMailbox(tenantId: string, overrides: Partial<ImapMailboxConfig> = {}): ImapMailboxConfig {
  const { host, imapPort } = mailServer();
  return { key: `${tenantId}-support`, tenantId, inbox: { address: support.address }, host, port: imapPort, secure: false, user: support.login, password: support.password, folder: 'INBOX', ...overrides };
}

export interface PollerOptions {
  readonly checkpoints?: Pick<MailboxCheckpointRepository, 'load' | 'save'>;
  readonly metrics?: ImapMetrics;
}

/** A started poller on the harness's Postgres and intake (the caller stops it). */
export function startTestPoller(harness: EmailHarness, config: ImapMailboxConfig, timings: ImapPollerTimings, options: PollerOptions = {}): ImapMailboxPoller {
  const poller = new ImapMailboxPoller(config, timings, {
    intake: harness.intake,
    checkpoints: options.checkpoints ?? new MailboxCheckpointRepository(harness.db.dataSource),
    leases: new AccountLeaseRepository(harness.db.dataSource, 'email'),
    metrics: options.metrics ?? new ImapMetrics(),
    logger: silentLogger,
  });
  poller.start();
  return poller;
}

/** Submits a plain customer mail to the support mailbox; resolves to its Message-ID (without brackets). */
export async function customerMail(subject: string): Promise<string> {
  const messageId = `${randomUUID()}@customer.example`;
  await submitMail({ from: 'Jane <Jane@Customer.Example>', to: support.address, subject, text: `About ${subject}`, messageId: `<${messageId}>` });
  return messageId;
}
