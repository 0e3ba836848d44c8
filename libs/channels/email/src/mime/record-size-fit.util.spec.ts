import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InboundMessageV1Input } from '@tributary/contracts';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { fitRecordSize, recordBytes } from './record-size-fit.util';

const blobDir = mkdtempSync(join(tmpdir(), 'record-size-fit-'));
const blobStore = new LocalDirectoryBlobStore(blobDir);
afterAll(() => rmSync(blobDir, { recursive: true, force: true }));

const text = 'Mein Paket ist nicht angekommen. '.repeat(3_000);
const message: InboundMessageV1Input = {
  schemaVersion: 1,
  messageId: '6f1c0c8e-1f7e-4a53-9d5e-0c7a3b1f2e4d',
  tenantId: 'acme',
  channel: 'email',
  provider: 'smtp',
  providerMessageId: 'big@customer.example',
  dedupeKey: 'email:big@customer.example',
  receivedAt: '2026-11-24T08:20:00.000Z',
  sender: { identities: [{ kind: 'email', value: 'jane@customer.example' }] },
  inbox: { address: 'support@acme.example' },
  thread: { references: [] },
  text,
  attachments: [],
  autoSubmitted: { flagged: false },
  traceId: '0af7651916cd43dd8448eb211c80319c',
  extras: {},
};

describe('fitRecordSize', () => {
  it('leaves a record that fits as it is', async () => {
    expect(await fitRecordSize(message, { text, html: undefined }, blobStore, 1024 * 1024)).toBe(message);
  });

  it('fits every budget exactly: the cut text and the note that it was cut are both counted', async () => {
    for (let budget = 20_000; budget < 90_000; budget += 4_999) {
      const fitted = await fitRecordSize(message, { text, html: undefined }, blobStore, budget);
      expect(recordBytes(fitted)).toBeLessThanOrEqual(budget);
      expect(recordBytes(fitted)).toBeGreaterThan(budget - 64);
      expect(fitted.extras).toEqual({ fullTextAttachment: 'message-body.txt', textTruncated: true });
    }
  });
});
