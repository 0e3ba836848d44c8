import { greenmailUsersProperty, MAIL_USERS } from './mail-users';

describe('greenmailUsersProperty', () => {
  it('renders login:password@domain for each user', () => {
    const users = [
      { email: 'a@x.example', login: 'a', password: 'pa' },
      { email: 'b@y.example', login: 'b', password: 'pb' },
    ];
    expect(greenmailUsersProperty(users)).toBe('a:pa@x.example,b:pb@y.example');
  });

  it('describes fixed users whose login is the local part of their address', () => {
    for (const user of MAIL_USERS) expect(user.email.startsWith(`${user.login}@`)).toBe(true);
    expect(new Set(MAIL_USERS.map((user) => user.login)).size).toBe(MAIL_USERS.length);
  });
});
