import type { MailUser } from './stack.types';

/** Fixed mailboxes on the local GreenMail; log in with `login` (the local part) and `password`. */
export const MAIL_USERS: readonly MailUser[] = [
  { email: 'support@acme.example', login: 'support', password: 'support-secret' },
  { email: 'sales@acme.example', login: 'sales', password: 'sales-secret' },
  { email: 'customer@customer.example', login: 'customer', password: 'customer-secret' },
];

/** GreenMail's `greenmail.users` value: `login:password@domain,…`. */
export function greenmailUsersProperty(users: readonly MailUser[]): string {
  return users
    .map((user) => {
      const domain = user.email.slice(user.email.indexOf('@') + 1);
      return `${user.login}:${user.password}@${domain}`;
    })
    .join(',');
}
