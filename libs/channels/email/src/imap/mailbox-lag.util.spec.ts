import { MailboxLag } from './mailbox-lag.util';

describe('MailboxLag', () => {
  let now = 0;
  const lag = () => new MailboxLag(() => now);
  beforeEach(() => {
    now = 1_000_000;
  });

  it('is 0 when caught up, and counts from the EXISTS until a sweep hands the mail off', () => {
    const mailbox = lag();
    expect(mailbox.seconds()).toBe(0);
    mailbox.signalled();
    now += 1_500;
    expect(mailbox.seconds()).toBe(1.5);
    mailbox.sweepStarted();
    mailbox.found(3);
    now += 500;
    expect(mailbox.seconds()).toBe(2);
    mailbox.sweepCompleted();
    expect(mailbox.seconds()).toBe(0);
  });

  it('mail announced while a sweep ran is still waiting after it, counted from its announcement', () => {
    const mailbox = lag();
    mailbox.sweepStarted();
    now += 100;
    mailbox.signalled();
    now += 400;
    mailbox.sweepCompleted();
    expect(mailbox.seconds()).toBe(0.4);
  });

  it('mail found by a sweep without an EXISTS counts from the sweep start; a failed sweep keeps it waiting', () => {
    const mailbox = lag();
    mailbox.sweepStarted();
    now += 200;
    mailbox.found(2);
    now += 300;
    mailbox.sweepFailed();
    expect(mailbox.seconds()).toBe(0.5);
  });
});
