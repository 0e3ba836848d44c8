import { ImapFlow } from 'imapflow';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

/** A GreenMail user of the local stack (deploy/local/src/mail-users.ts): login is the local part. */
export interface GreenMailUser {
  readonly address: string;
  readonly login: string;
  readonly password: string;
}

/** The support, sales and customer mailboxes a suite reads, sends to and empties. */
export interface GreenMailUsers {
  readonly support: GreenMailUser;
  readonly sales: GreenMailUser;
  readonly customer: GreenMailUser;
}

function projectUser(project: string, address: string): GreenMailUser {
  const login = `${project}-${address.slice(0, address.indexOf('@'))}`;
  return { address: `${login}${address.slice(address.indexOf('@'))}`, login, password: `${login}-secret` };
}

/**
 * Each test project's own mailboxes (TEST_MAIL_USERS of the local stack): projects that run side by
 * side, and the local gateway polling support@acme.example, never empty or take each other's mail.
 */
export const GREENMAIL_PROJECT_USERS: Readonly<Record<'email-ingest' | 'channel-email', GreenMailUsers>> = {
  'email-ingest': { support: projectUser('email-ingest', 'support@acme.example'), sales: projectUser('email-ingest', 'sales@acme.example'), customer: projectUser('email-ingest', 'customer@customer.example') },
  'channel-email': { support: projectUser('channel-email', 'support@acme.example'), sales: projectUser('channel-email', 'sales@acme.example'), customer: projectUser('channel-email', 'customer@customer.example') },
};

export function mailServer(): { host: string; smtpPort: number; imapPort: number } {
  const host = process.env['MAIL_HOST'];
  const smtpPort = Number(process.env['MAIL_SMTP_PORT']);
  const imapPort = Number(process.env['MAIL_IMAP_PORT']);
  if (!host || !smtpPort || !imapPort) throw new Error('MAIL_HOST, MAIL_SMTP_PORT and MAIL_IMAP_PORT are not set: run through the integration jest config');
  return { host, smtpPort, imapPort };
}

/** Submits a mail to GreenMail over SMTP, as a customer's mail server would deliver it. */
export async function submitMail(mail: Mail.Options, port = mailServer().smtpPort): Promise<void> {
  const transport = createTransport({ host: mailServer().host, port, secure: false });
  try {
    await transport.sendMail(mail);
  } finally {
    transport.close();
  }
}

/** Runs `work` with an IMAP session of `user`, INBOX (or `folder`) open. */
export async function withMailbox<T>(user: GreenMailUser, work: (client: ImapFlow) => Promise<T>, folder = 'INBOX'): Promise<T> {
  const { host, imapPort } = mailServer();
  const client = new ImapFlow({ host, port: imapPort, secure: false, auth: { user: user.login, pass: user.password }, logger: false });
  await client.connect();
  try {
    await client.mailboxOpen(folder);
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Empties a mailbox so a suite starts from nothing (GreenMail keeps mail while it runs). */
export async function clearMailbox(user: GreenMailUser, folder = 'INBOX'): Promise<void> {
  if (!(await folderExists(user, folder))) return;
  await withMailbox(
    user,
    async (client) => {
      if (client.mailbox && client.mailbox.exists > 0) await client.messageDelete('1:*');
    },
    folder,
  );
}

async function folderExists(user: GreenMailUser, folder: string): Promise<boolean> {
  const { host, imapPort } = mailServer();
  const client = new ImapFlow({ host, port: imapPort, secure: false, auth: { user: user.login, pass: user.password }, logger: false });
  await client.connect();
  try {
    return (await client.list()).some((entry) => entry.path === folder);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

export interface MailboxEntry {
  readonly uid: number;
  readonly flags: readonly string[];
  readonly raw: string;
}

/** Every mail in the mailbox with its flags and source, read without setting \Seen. */
export async function readMailbox(user: GreenMailUser, folder = 'INBOX'): Promise<MailboxEntry[]> {
  if (!(await folderExists(user, folder))) return [];
  return withMailbox(
    user,
    async (client) => {
      if (!client.mailbox || client.mailbox.exists === 0) return [];
      const messages = await client.fetchAll('1:*', { uid: true, flags: true, source: true });
      return messages.map((message) => ({ uid: message.uid, flags: [...(message.flags ?? [])], raw: message.source?.toString('utf8') ?? '' }));
    },
    folder,
  );
}
