import { loadAppConfig } from '@tributary/platform-app';
import { ConfigError } from '@tributary/platform-config';
import { emailIngestApp } from './email-ingest.app';
import { emailIngestConfigSchema } from './email-ingest.config';

const BASE = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', EMAIL_SMTP_HOST: 'smtp.acme.example' };

function issues(env: Record<string, string>): string[] {
  const result = emailIngestConfigSchema.safeParse({ ...BASE, ...env });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('email-ingest config', () => {
  it('reads mailboxes with lower-cased addresses and defaults', () => {
    const config = emailIngestConfigSchema.parse({ ...BASE, EMAIL_MAILBOXES: '[{"key":"acme-support","tenantId":"acme","address":"Support@Acme.Example","password":"x"}]' });
    expect(config.EMAIL_MAILBOXES).toEqual([{ key: 'acme-support', tenantId: 'acme', address: 'support@acme.example', password: 'x', folder: 'INBOX' }]);
    expect(config.EMAIL_SWEEP_INTERVAL_MS).toBe(60_000);
    expect(config.EMAIL_INBOUND_SMTP_PORT).toBeUndefined();
  });

  it('names the variable when the mailbox list is not JSON', () => {
    expect(issues({ EMAIL_MAILBOXES: 'support@acme.example' })).toEqual(['EMAIL_MAILBOXES: must be a JSON array of mailboxes']);
  });

  it('refuses a mailbox with a bad address, and duplicate keys', () => {
    expect(issues({ EMAIL_MAILBOXES: '[{"key":"a","tenantId":"acme","address":"nope"}]' })).toEqual([expect.stringMatching(/^EMAIL_MAILBOXES\.0\.address: /)]);
    expect(issues({ EMAIL_MAILBOXES: '[{"key":"a","tenantId":"acme","address":"a@x.example"},{"key":"a","tenantId":"acme","address":"b@x.example"}]' })).toEqual([
      'EMAIL_MAILBOXES: mailbox key "a" appears twice',
    ]);
  });

  it('requires the SMTP host for replies', () => {
    const result = emailIngestConfigSchema.safeParse({ DATABASE_URL: BASE.DATABASE_URL, EMAIL_MAILBOXES: '[{"key":"a","tenantId":"acme","address":"a@x.example"}]' });
    expect(result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'))).toEqual(['EMAIL_SMTP_HOST']);
  });
});

describe('email-ingest config: database pool', () => {
  it('refuses a pool too small for the mailbox leases, naming the variable', () => {
    const mailboxes = JSON.stringify(Array.from({ length: 3 }, (_, index) => ({ key: `m${index}`, tenantId: 'acme', address: `m${index}@acme.example`, password: 'x' })));
    const result = emailIngestConfigSchema.safeParse({ ...BASE, EMAIL_MAILBOXES: mailboxes, DATABASE_POOL_SIZE: '4' });
    expect(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'DATABASE_POOL_SIZE: must be at least 5: each of the 3 IMAP mailboxes holds a connection for its lease',
    ]);
  });
});

describe('email-ingest config: the test-only fault', () => {
  const MAILBOX = '[{"key":"a","tenantId":"acme","address":"a@x.example"}]';

  it('is off unless set, and reads kill-after-ack', () => {
    expect(emailIngestConfigSchema.parse({ ...BASE, EMAIL_MAILBOXES: MAILBOX }).EMAIL_INGEST_FAULT).toBeUndefined();
    expect(emailIngestConfigSchema.parse({ ...BASE, EMAIL_MAILBOXES: MAILBOX, EMAIL_INGEST_FAULT: 'kill-after-ack' }).EMAIL_INGEST_FAULT).toBe('kill-after-ack');
    expect(issues({ EMAIL_MAILBOXES: MAILBOX, EMAIL_INGEST_FAULT: 'explode' })).toEqual([expect.stringMatching(/^EMAIL_INGEST_FAULT: /)]);
  });

  it('is refused with NODE_ENV=production, also at boot where only the module sees both variables', () => {
    const env = { ...BASE, KAFKA_BROKERS: '127.0.0.1:1', EMAIL_MAILBOXES: MAILBOX, EMAIL_INGEST_FAULT: 'kill-after-ack', NODE_ENV: 'production' };
    expect(issues(env)).toEqual(['EMAIL_INGEST_FAULT: is a test-only fault and is refused with NODE_ENV=production']);
    const config = loadAppConfig(emailIngestApp, env);
    expect(() => emailIngestApp.module(config)).toThrow(new ConfigError([{ variable: 'EMAIL_INGEST_FAULT', message: 'is a test-only fault and is refused with NODE_ENV=production' }]));
  });

  it('the pool-size rule also holds at boot', () => {
    const mailboxes = JSON.stringify(Array.from({ length: 3 }, (_, index) => ({ key: `m${index}`, tenantId: 'acme', address: `m${index}@acme.example`, password: 'x' })));
    const config = loadAppConfig(emailIngestApp, { ...BASE, KAFKA_BROKERS: '127.0.0.1:1', EMAIL_MAILBOXES: mailboxes, DATABASE_POOL_SIZE: '4' });
    expect(() => emailIngestApp.module(config)).toThrow(/DATABASE_POOL_SIZE: must be at least 5/);
  });
});
