import { HarnessUsageError } from './harness-usage.error';
import { DEFAULT_SOAK_OPTIONS, parseSoakOptions } from './soak-options';
import { describeMix, faultTimes, soakApps, soakCustomers } from './soak-plan.util';

describe('parseSoakOptions', () => {
  it('takes the defaults without options and each option over its default', () => {
    expect(parseSoakOptions([])).toEqual(DEFAULT_SOAK_OPTIONS);
    const argv = ['--minutes', '1.5', '--rate', '40', '--mix', 'sms=3, email=1', '--customers', '12', '--broker-kill-at', '20', '--broker-down', '2', '--router-kill-at', '50', '--router-down', '0'];
    expect(parseSoakOptions([...argv, '--replicas', '1', '--email-via', 'imap', '--sample', '2', '--stack', 'h2-soak', '--keep-stack'])).toEqual({
      minutes: 1.5,
      rate: 40,
      mix: { sms: 3, whatsapp: 0, email: 1 },
      customers: 12,
      brokerKillAt: 20,
      brokerDownSeconds: 2,
      routerKillAt: 50,
      routerDownSeconds: 0,
      replicas: 1,
      emailVia: 'imap',
      sampleSeconds: 2,
      stack: 'h2-soak',
      keepStack: true,
    });
  });

  it.each([
    [['--minutes', '0'], '--minutes takes a positive number, got "0"'],
    [['--customers', '2.5'], '--customers takes a whole number, got "2.5"'],
    [['--minutes', '1', '--router-kill-at', '60'], '--router-kill-at must fall inside the load (60 s), got "60"'],
    [['--broker-down', '-1'], '--broker-down takes a number of 0 or more, got "-1"'],
    [['--mix', 'sms=1,fax=2'], '--mix takes channel=weight pairs of sms, whatsapp, email, e.g. sms=1,email=1; got "sms=1,fax=2"'],
    [['--mix', 'sms=0'], '--mix gives every channel weight 0: "sms=0"'],
    [['--email-via', 'pop3'], '--email-via takes smtp or imap, got "pop3"'],
    [['--faster'], 'unknown option "--faster"'],
  ])('refuses %j naming the option', (argv, message) => {
    expect(() => parseSoakOptions(argv)).toThrow(new HarnessUsageError(message));
  });
});

describe('the soak plan', () => {
  it('shares the customers out by the mix, twice the rate by default, each weighted channel at least one', () => {
    expect(soakCustomers({ rate: 1000, mix: { sms: 1, whatsapp: 0, email: 1 }, customers: undefined })).toEqual({ sms: 1000, whatsapp: 0, email: 1000 });
    expect(soakCustomers({ rate: 10, mix: { sms: 2, whatsapp: 0, email: 1 }, customers: 10 })).toEqual({ sms: 7, whatsapp: 0, email: 3 });
    expect(soakCustomers({ rate: 1, mix: { sms: 100, whatsapp: 1, email: 1 }, customers: 3 })).toEqual({ sms: 1, whatsapp: 1, email: 1 });
    expect(() => soakCustomers({ rate: 10_000, mix: { sms: 1, whatsapp: 0, email: 0 }, customers: undefined })).toThrow(HarnessUsageError);
    expect(describeMix({ sms: 30, whatsapp: 0, email: 10 })).toBe('sms 75 % (30 customers), email 25 % (10 customers)');
  });

  it('runs the ingest apps of the channels in the mix only', () => {
    expect(soakApps({ sms: 1, whatsapp: 0, email: 1 })).toEqual(['router', 'voice-ingest', 'email-ingest']);
    expect(soakApps({ sms: 0, whatsapp: 1, email: 0 })).toEqual(['router', 'social-ingest']);
  });

  it('puts the broker kill a third of the way in and the router kill two thirds, unless told', () => {
    expect(faultTimes({ minutes: 10, brokerKillAt: undefined, routerKillAt: undefined })).toEqual({ brokerKillMs: 210_000, routerKillMs: 390_000 });
    expect(faultTimes({ minutes: 1, brokerKillAt: 5, routerKillAt: 20 })).toEqual({ brokerKillMs: 5_000, routerKillMs: 20_000 });
  });
});
