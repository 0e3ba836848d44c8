import { hostMatchesPattern } from './host-pattern.util';

const matches = (url: string, pattern: string): boolean => hostMatchesPattern(new URL(url), pattern);

describe('hostMatchesPattern', () => {
  it('matches an exact host whatever the case, port or trailing dot', () => {
    expect(matches('https://API.twilio.com/x', 'api.twilio.com')).toBe(true);
    expect(matches('https://api.twilio.com.:8443/x', 'api.twilio.com')).toBe(true);
    expect(matches('https://api.twilio.com.evil.example/x', 'api.twilio.com')).toBe(false);
    expect(matches('https://evilapi.twilio.com/x', 'api.twilio.com')).toBe(false);
  });

  it('matches a wildcard over subdomains only, never the bare suffix or a look-alike', () => {
    expect(matches('https://mms.twiliocdn.com/x', '*.twiliocdn.com')).toBe(true);
    expect(matches('https://a.b.twiliocdn.com/x', '*.twiliocdn.com')).toBe(true);
    expect(matches('https://twiliocdn.com/x', '*.twiliocdn.com')).toBe(false);
    expect(matches('https://eviltwiliocdn.com/x', '*.twiliocdn.com')).toBe(false);
    expect(matches('https://twiliocdn.com.evil.example/x', '*.twiliocdn.com')).toBe(false);
  });

  it('matches a host with a port on that port only, defaults included', () => {
    expect(matches('http://127.0.0.1:4010/x', '127.0.0.1:4010')).toBe(true);
    expect(matches('http://127.0.0.1:4011/x', '127.0.0.1:4010')).toBe(false);
    expect(matches('https://proxy.example/x', 'proxy.example:443')).toBe(true);
    expect(matches('http://[::1]:4010/x', '[::1]:4010')).toBe(true);
    expect(matches('http://[::1]:4011/x', '[::1]')).toBe(true);
  });
});
