import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InboundMessageV1Input } from '@tributary/contracts';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import type { QuarantinedEmail } from '../intake/email-intake.ports';
import { EmailIntake } from '../intake/email-intake.service';
import { EmailNormalizer } from '../mime/email-normalizer.service';
import type { EmailLimits } from '../mime/email-limits';
import { EmailQuarantineCode } from '../mime/email-quarantine.error';
import { QuarantineRedriveError } from './quarantine-redrive.error';
import { QuarantineRedriver, type QuarantineLedgerPort } from './quarantine-redriver.service';
import type { QuarantinedMail } from './quarantined-mail';

const blobDir = mkdtempSync(join(tmpdir(), 'quarantine-redrive-'));
const blobStore = new LocalDirectoryBlobStore(blobDir);
afterAll(() => rmSync(blobDir, { recursive: true, force: true }));

/** Four MIME parts: quarantined while the limit is two, a plain mail once it is back to the default. */
const MAIL = Buffer.from(
  'From: "Jane Doe" <jane@customer.example>\r\nTo: support@acme.example\r\nMessage-ID: <parts-1@customer.example>\r\nSubject: photos\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n' +
    '--b\r\nContent-Type: text/plain\r\n\r\nThree photos.\r\n--b\r\nContent-Type: text/plain; name="a.txt"\r\n\r\na\r\n--b\r\nContent-Type: text/plain; name="b.txt"\r\n\r\nb\r\n--b--\r\n',
  'latin1',
);

/** The rows EmailIngestStateRepository and EmailQuarantineRepository keep, in memory. */
class InMemoryLedger implements QuarantineLedgerPort {
  readonly rows: QuarantinedMail[] = [];
  record(entry: QuarantinedEmail): Promise<void> {
    if (!this.rows.some((row) => row.storageUri === entry.storageUri && row.inbox === entry.inbox)) {
      this.rows.push({ ...entry, id: String(this.rows.length + 1), messageId: entry.messageId ?? null, quarantinedAt: new Date('2026-12-07T10:00:00Z'), redrivenAt: null, redriveCount: 0, redriveOutcome: null });
    }
    return Promise.resolve();
  }
  get(id: string): Promise<QuarantinedMail | undefined> {
    return Promise.resolve(this.rows.find((row) => row.id === id));
  }
  recordRedrive(id: string, outcome: string): Promise<void> {
    const index = this.rows.findIndex((row) => row.id === id);
    const row = this.rows[index];
    if (row) this.rows[index] = { ...row, redrivenAt: new Date(), redriveCount: row.redriveCount + 1, redriveOutcome: outcome };
    return Promise.resolve();
  }
}

function intake(ledger: InMemoryLedger, published: InboundMessageV1Input[], limits?: Partial<EmailLimits>): EmailIntake {
  const normalizer = new EmailNormalizer(blobStore, limits ? { limits: { maxMessageBytes: 1024 * 1024, maxMimeParts: 500, parseTimeoutMs: 10_000, ...limits } } : {});
  return new EmailIntake(normalizer, blobStore, { publish: (messages) => Promise.resolve(void published.push(...messages)) }, ledger, { remember: () => Promise.resolve(), isAutoSubmitted: () => Promise.resolve(false) });
}

describe('QuarantineRedriver', () => {
  it('re-drives a mail quarantined for a cause since removed: received again from its inbox and source, stable dedupe key, outcome noted', async () => {
    const ledger = new InMemoryLedger();
    const published: InboundMessageV1Input[] = [];
    await intake(ledger, published, { maxMimeParts: 2 }).receive([{ raw: MAIL, tenantId: 'acme', inbox: { address: 'support@acme.example' }, provider: 'imap', receivedAt: new Date(), source: 'imap:acme-support#812' }]);
    expect(published).toEqual([]);
    expect(ledger.rows).toEqual([expect.objectContaining({ id: '1', code: 'TOO_MANY_PARTS', messageId: 'parts-1@customer.example' })]);

    const redriver = new QuarantineRedriver(ledger, blobStore, intake(ledger, published));
    expect(await redriver.redrive('1')).toEqual({ id: '1', outcome: 'published' });
    expect(await redriver.redrive('1')).toEqual({ id: '1', outcome: 'published' });
    expect(published).toHaveLength(2);
    const [first, second] = published;
    expect(first).toMatchObject({ tenantId: 'acme', provider: 'imap', providerMessageId: 'parts-1@customer.example', receivedAt: '2026-12-07T10:00:00.000Z', inbox: { address: 'support@acme.example' } });
    expect(first?.extras).toEqual(expect.objectContaining({ imapMailbox: 'acme-support', imapUid: 812, redrivenFromQuarantine: '1' }));
    expect(second?.dedupeKey).toBe(first?.dedupeKey);
    expect(ledger.rows[0]).toMatchObject({ redriveCount: 2, redriveOutcome: 'published' });
  });

  it('leaves a mail whose cause remains in quarantine, noting the reason, and hands nothing off', async () => {
    const ledger = new InMemoryLedger();
    const published: InboundMessageV1Input[] = [];
    const strict = intake(ledger, published, { maxMimeParts: 2 });
    await strict.receive([{ raw: MAIL, tenantId: 'acme', inbox: { address: 'support@acme.example' }, provider: 'smtp', receivedAt: new Date(), source: 'smtp:127.0.0.1#abc from <mta@customer.example>' }]);
    const result = await new QuarantineRedriver(ledger, blobStore, strict).redrive('1');
    expect(result).toEqual({ id: '1', outcome: 'quarantined', code: 'TOO_MANY_PARTS', reason: expect.any(String) as unknown });
    expect(published).toEqual([]);
    expect(ledger.rows).toHaveLength(1);
    expect(ledger.rows[0]?.redriveOutcome).toMatch(/^quarantined again: TOO_MANY_PARTS: /);
  });

  it('refuses an unknown id and a raw mail that is gone, handing nothing off', async () => {
    const ledger = new InMemoryLedger();
    const published: InboundMessageV1Input[] = [];
    const redriver = new QuarantineRedriver(ledger, blobStore, intake(ledger, published));
    await expect(redriver.redrive('9')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await ledger.record({ tenantId: 'acme', inbox: 'support@acme.example', source: 'imap:x#1', code: EmailQuarantineCode.NoSender, reason: 'r', storageUri: `file://${join(blobDir, 'gone')}`, sizeBytes: 1 });
    await expect(redriver.redrive('1')).rejects.toThrow(QuarantineRedriveError);
    await expect(redriver.redrive('1')).rejects.toMatchObject({ code: 'RAW_MAIL_MISSING' });
    expect(published).toEqual([]);
  });
});
