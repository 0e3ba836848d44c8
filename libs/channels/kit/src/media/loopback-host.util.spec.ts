import { isLoopbackHost } from './loopback-host.util';

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.8.9.10', '[::1]', '::1', 'localhost.'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each(['api.twilio.com', '10.0.0.1', '0.0.0.0', '[::]', '128.0.0.1', 'localhost.evil.example', '127.0.0.1.nip.io'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
