import { greenmailUsersProperty, MAIL_USERS, TEST_MAIL_USERS } from './mail-users';

describe('greenmailUsersProperty', () => {
  it('renders login:password@domain for each user', () => {
    const users = [
      { email: 'a@x.example', login: 'a', password: 'pa' },
      { email: 'b@y.example', login: 'b', password: 'pb' },
    ];
    expect(greenmailUsersProperty(users)).toBe('a:pa@x.example,b:pb@y.example');
  });

  it('describes fixed users, the suites\' included, whose login is the local part of their address and unique', () => {
    const all = [...MAIL_USERS, ...TEST_MAIL_USERS];
    for (const user of all) expect(user.email.startsWith(`${user.login}@`)).toBe(true);
    expect(new Set(all.map((user) => user.login)).size).toBe(all.length);
  });

  it('gives each test project its own support, sales and customer mailbox, none of them the gateway\'s', () => {
    expect(TEST_MAIL_USERS.map((user) => user.email)).toEqual([
      'email-ingest-support@acme.example',
      'email-ingest-sales@acme.example',
      'email-ingest-customer@customer.example',
      'channel-email-support@acme.example',
      'channel-email-sales@acme.example',
      'channel-email-customer@customer.example',
    ]);
  });
});
