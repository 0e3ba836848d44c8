import { loadAppConfig } from '@tributary/platform-app';
import { ConfigError } from '@tributary/platform-config';
import { chatIngestApp } from './chat-ingest.app';
import { CHAT_TEST_ENV } from './chat-ingest.test-env';

const BASE = { KAFKA_BROKERS: '127.0.0.1:1', ...CHAT_TEST_ENV };

function problems(env: Record<string, string>): string {
  try {
    loadAppConfig(chatIngestApp, { ...BASE, ...env });
    return '';
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

describe("chat-ingest's configuration", () => {
  it('accepts a tenant with two secrets (a rotation) and normalizes its origins', () => {
    const config = loadAppConfig(chatIngestApp, { ...BASE, CHAT_TENANT_SECRETS: 'acme:first-secret-0123456789abcdef0123,acme:second-secret-0123456789abcdef012' });
    expect(config.CHAT_TENANTS?.['acme']?.origins).toEqual(['https://app.acme.example']);
    expect(config.CHAT_TENANT_SECRETS).toHaveLength(2);
  });

  it('names the variable of each mistake, never the secret', () => {
    expect(problems({ CHAT_TENANT_SECRETS: 'acme:short' })).toContain('CHAT_TENANT_SECRETS');
    expect(problems({ CHAT_TENANT_SECRETS: 'acme:short' })).not.toContain('short');
    expect(problems({ CHAT_TENANTS: '{"acme":{"origins":[]}}' })).toContain('CHAT_TENANTS');
    expect(problems({ CHAT_TENANTS: 'not json' })).toContain('must be a JSON object');
  });

  it('refuses a tenant without a secret that admits signed visitors only, and a secret for no tenant', () => {
    expect(problems({ CHAT_TENANTS: JSON.stringify({ acme: { origins: ['*'] }, globex: { origins: ['*'] } }) })).toContain('has no secret for tenant "globex"');
    expect(problems({ CHAT_TENANT_SECRETS: 'acme:acme-visitor-secret-0123456789abcdef,initech:initech-secret-0123456789abcdef012' })).toContain('names tenant "initech"');
  });

  it('needs anonymous token secrets once a tenant admits anonymous visitors, and never a tenant secret among them', () => {
    expect(problems({ CHAT_ANONYMOUS_TOKEN_SECRETS: '' })).toContain('CHAT_ANONYMOUS_TOKEN_SECRETS');
    expect(problems({ CHAT_ANONYMOUS_TOKEN_SECRETS: 'acme-visitor-secret-0123456789abcdef' })).toContain('reuses an anonymous token secret');
  });

  it("takes a tenant's offline form and the upload limits, refusing an upload type it cannot verify", () => {
    const config = loadAppConfig(chatIngestApp, { ...BASE, CHAT_TENANTS: JSON.stringify({ acme: { origins: ['*'], anonymous: true, offlineForm: true } }), CHAT_UPLOAD_TYPES: 'image/png, application/pdf' });
    expect(config.CHAT_TENANTS?.['acme']?.offlineForm).toBe(true);
    expect(config.CHAT_UPLOAD_TYPES).toEqual(['image/png', 'application/pdf']);
    expect(config.CHAT_UPLOAD_MAX_BYTES).toBe(10 * 1024 * 1024);
    expect(problems({ CHAT_UPLOAD_TYPES: 'image/png,application/x-msdownload' })).toContain('CHAT_UPLOAD_TYPES');
    expect(problems({ CHAT_UPLOAD_MAX_BYTES: '0' })).toContain('CHAT_UPLOAD_MAX_BYTES');
  });

  it('refuses more than two secrets for one tenant', () => {
    const three = ['a', 'b', 'c'].map((letter) => `acme:${letter.repeat(32)}`).join(',');
    expect(problems({ CHAT_TENANT_SECRETS: three })).toContain('at most two');
  });
});
