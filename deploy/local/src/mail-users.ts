import type { MailUser } from './stack.types';

/** Fixed mailboxes on the local GreenMail; log in with `login` (the local part) and `password`. */
export const MAIL_USERS: readonly MailUser[] = [
  { email: 'support@acme.example', login: 'support', password: 'support-secret' },
  { email: 'sales@acme.example', login: 'sales', password: 'sales-secret' },
  { email: 'customer@customer.example', login: 'customer', password: 'customer-secret' },
];

/** The test projects that read or empty mailboxes, each with mailboxes of its own (TEST_MAIL_USERS). */
export const MAIL_TEST_PROJECTS = ['email-ingest', 'channel-email'] as const;

/**
 * Mailboxes of the integration suites, a support, sales and customer box per project that reads or
 * empties mailboxes: two projects running side by side (and the local gateway, which polls
 * MAIL_USERS' boxes) never empty or take each other's mail. Not printed, never polled by the gateway.
 */
export const TEST_MAIL_USERS: readonly MailUser[] = MAIL_TEST_PROJECTS.flatMap((project) =>
  (['support@acme.example', 'sales@acme.example', 'customer@customer.example'] as const).map((address) => {
    const login = `${project}-${address.slice(0, address.indexOf('@'))}`;
    return { email: `${login}${address.slice(address.indexOf('@'))}`, login, password: `${login}-secret` };
  }),
);

/** GreenMail's `greenmail.users` value: `login:password@domain,…`. */
export function greenmailUsersProperty(users: readonly MailUser[]): string {
  return users
    .map((user) => {
      const domain = user.email.slice(user.email.indexOf('@') + 1);
      return `${user.login}:${user.password}@${domain}`;
    })
    .join(',');
}
