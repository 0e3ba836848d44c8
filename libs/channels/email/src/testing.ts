// Test helpers for the email channel; import only from tests (*.spec.ts, test/**).
export { GREENMAIL_PROJECT_USERS, clearMailbox, mailServer, readMailbox, submitMail, withMailbox } from './testing-support/greenmail.util';
export type { GreenMailUser, GreenMailUsers, MailboxEntry } from './testing-support/greenmail.util';
export { TcpProxy } from './testing-support/tcp-proxy.util';
