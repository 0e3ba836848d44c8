import { MediaFetchErrorCode } from './media-fetch-error-code';
import type { MediaFetchError } from './media-fetch.error';
import { MediaFetchPolicy, type MediaFetchPolicyOptions } from './media-fetch.policy';

const BASE: MediaFetchPolicyOptions = {
  provider: 'twilio',
  credentialHosts: ['api.twilio.com', '127.0.0.1:4010'],
  hosts: ['*.twiliocdn.com'],
  credentials: () => ({ authorization: 'Basic c2VjcmV0' }),
  contentTypes: ['image/*', 'application/pdf'],
  maxBytes: 1000,
  timeoutMs: 1000,
};

function codeOf(run: () => unknown): MediaFetchErrorCode {
  try {
    run();
  } catch (error) {
    return (error as MediaFetchError).code;
  }
  throw new Error('expected a MediaFetchError');
}

describe('MediaFetchPolicy', () => {
  it('refuses a policy that cannot be meant, when it is built', () => {
    expect(() => new MediaFetchPolicy({ ...BASE, credentialHosts: [], hosts: [] })).toThrow(/no hosts/);
    expect(() => new MediaFetchPolicy({ ...BASE, hosts: ['*.com'] })).toThrow(/too wide/);
    expect(() => new MediaFetchPolicy({ ...BASE, hosts: ['https://cdn.example'] })).toThrow(/not a host/);
    expect(() => new MediaFetchPolicy({ ...BASE, contentTypes: [] })).toThrow(/\*\/\*/);
    expect(() => new MediaFetchPolicy({ ...BASE, contentTypes: ['*/png'] })).toThrow(/not a media type/);
    expect(() => new MediaFetchPolicy({ ...BASE, maxBytes: 0 })).toThrow(/maxBytes/);
    expect(() => new MediaFetchPolicy({ ...BASE, maxRedirects: -1 })).toThrow(/maxRedirects/);
  });

  it('admits https to listed hosts and refuses everything else', () => {
    const policy = new MediaFetchPolicy(BASE);
    expect(() => policy.admit(new URL('https://api.twilio.com/2010-04-01/x'))).not.toThrow();
    expect(() => policy.admit(new URL('https://mms.twiliocdn.com/x'))).not.toThrow();
    expect(codeOf(() => policy.admit(new URL('https://evil.example/x')))).toBe(MediaFetchErrorCode.HostNotAllowed);
    expect(codeOf(() => policy.admit(new URL('http://api.twilio.com/x')))).toBe(MediaFetchErrorCode.SchemeNotAllowed);
    expect(codeOf(() => policy.parse('https://AC1:token@api.twilio.com/x'))).toBe(MediaFetchErrorCode.InvalidUrl);
    expect(codeOf(() => policy.parse('not a url'))).toBe(MediaFetchErrorCode.InvalidUrl);
  });

  it('allows plain http only to loopback hosts, and only when configured', () => {
    expect(codeOf(() => new MediaFetchPolicy(BASE).admit(new URL('http://127.0.0.1:4010/x')))).toBe(MediaFetchErrorCode.SchemeNotAllowed);
    const local = new MediaFetchPolicy({ ...BASE, credentialHosts: [...BASE.credentialHosts, 'emulator.internal'], allowHttpOnLoopback: true });
    expect(() => local.admit(new URL('http://127.0.0.1:4010/x'))).not.toThrow();
    expect(codeOf(() => local.admit(new URL('http://emulator.internal/x')))).toBe(MediaFetchErrorCode.SchemeNotAllowed);
  });

  it('gives credentials only to a credential host on the origin the fetch started at', async () => {
    const policy = new MediaFetchPolicy(BASE);
    const start = 'https://api.twilio.com';
    await expect(policy.headersFor(new URL('https://api.twilio.com/a'), start)).resolves.toEqual({ authorization: 'Basic c2VjcmV0' });
    await expect(policy.headersFor(new URL('https://mms.twiliocdn.com/a'), 'https://mms.twiliocdn.com')).resolves.toEqual({});
    await expect(policy.headersFor(new URL('https://api.twilio.com/a'), 'https://mms.twiliocdn.com')).resolves.toEqual({});
    await expect(policy.headersFor(new URL('https://api.twilio.com:8443/a'), start)).resolves.toEqual({});
  });

  it('keeps only the content types it lists, parameters and case aside', () => {
    const policy = new MediaFetchPolicy(BASE);
    const url = new URL('https://api.twilio.com/x');
    expect(policy.mediaType('Image/JPEG; charset=binary', url)).toBe('image/jpeg');
    expect(policy.mediaType('application/pdf', url)).toBe('application/pdf');
    expect(codeOf(() => policy.mediaType('text/html', url))).toBe(MediaFetchErrorCode.TypeNotAllowed);
    expect(codeOf(() => policy.mediaType(null, url))).toBe(MediaFetchErrorCode.TypeNotAllowed);
    expect(new MediaFetchPolicy({ ...BASE, contentTypes: ['*/*'] }).mediaType(null, url)).toBe('application/octet-stream');
  });
});
