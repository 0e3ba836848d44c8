import { configDigest } from './config-digest.util';

describe('configDigest', () => {
  const base = { KAFKA_BROKERS: '127.0.0.1:19092', ROUTER_API_KEYS: 'acme=ab', PATH: '/usr/bin' };

  it("changes with any setting the process reads, its own or every app's", () => {
    expect(configDigest('router', { ...base, ROUTER_API_KEYS: 'acme=cd' })).not.toBe(configDigest('router', base));
    expect(configDigest('email-ingest', { ...base, LOG_LEVEL: 'debug' })).not.toBe(configDigest('email-ingest', base));
  });

  it("ignores another app's settings, the order of variables and the rest of the shell environment", () => {
    expect(configDigest('email-ingest', { ...base, ROUTER_API_KEYS: 'acme=cd' })).toBe(configDigest('email-ingest', base));
    expect(configDigest('router', { PATH: '/bin', SHLVL: '3', ROUTER_API_KEYS: 'acme=ab', KAFKA_BROKERS: '127.0.0.1:19092' })).toBe(configDigest('router', base));
  });
});
