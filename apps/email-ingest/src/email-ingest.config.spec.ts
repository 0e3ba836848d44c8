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

/** Rules across variables: checked by the shared bootstrap, the way the app is started. */
function bootProblems(env: Record<string, string>): string {
  try {
    loadAppConfig(emailIngestApp, { ...BASE, KAFKA_BROKERS: '127.0.0.1:1', ...env });
    return '';
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message;
  }
}

const MAILBOX = '[{"key":"a","tenantId":"acme","address":"a@x.example"}]';

describe('email-ingest config: rules across variables', () => {
  it('refuses a pool too small for the mailbox leases, naming the variable', () => {
    const mailboxes = JSON.stringify(Array.from({ length: 3 }, (_, index) => ({ key: `m${index}`, tenantId: 'acme', address: `m${index}@acme.example`, password: 'x' })));
    expect(bootProblems({ EMAIL_MAILBOXES: mailboxes, DATABASE_POOL_SIZE: '4' })).toContain(
      'DATABASE_POOL_SIZE: must be at least 5: each of the 3 IMAP mailboxes holds a connection for its lease',
    );
    expect(bootProblems({ EMAIL_MAILBOXES: mailboxes, DATABASE_POOL_SIZE: '5' })).toBe('');
  });

  it('refuses an s3 blob store without its bucket', () => {
    expect(bootProblems({ EMAIL_MAILBOXES: MAILBOX, BLOB_STORE_KIND: 's3' })).toContain('BLOB_STORE_S3_BUCKET: is required when BLOB_STORE_KIND=s3');
  });
});

describe('email-ingest config: the test-only fault', () => {
  it('is off unless set, and reads kill-after-ack', () => {
    expect(emailIngestConfigSchema.parse({ ...BASE, EMAIL_MAILBOXES: MAILBOX }).EMAIL_INGEST_FAULT).toBeUndefined();
    expect(emailIngestConfigSchema.parse({ ...BASE, EMAIL_MAILBOXES: MAILBOX, EMAIL_INGEST_FAULT: 'kill-after-ack' }).EMAIL_INGEST_FAULT).toBe('kill-after-ack');
    expect(issues({ EMAIL_MAILBOXES: MAILBOX, EMAIL_INGEST_FAULT: 'explode' })).toEqual([expect.stringMatching(/^EMAIL_INGEST_FAULT: /)]);
  });

  it('is refused with NODE_ENV=production', () => {
    expect(bootProblems({ EMAIL_MAILBOXES: MAILBOX, EMAIL_INGEST_FAULT: 'kill-after-ack', NODE_ENV: 'production' })).toContain(
      'EMAIL_INGEST_FAULT: is a test-only fault and is refused with NODE_ENV=production',
    );
    expect(bootProblems({ EMAIL_MAILBOXES: MAILBOX, EMAIL_INGEST_FAULT: 'kill-after-ack' })).toBe('');
  });
});
