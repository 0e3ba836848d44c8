import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InboundMessageV1, MAX_EVENT_HTML_LENGTH, parseContract, type AttachmentRef, type InboundMessageV1Input } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import { bootApp, createTestDatabase, waitFor, type BootedApp, type TestDatabase } from '@tributary/platform-testing';
import { ROUTER_MIGRATIONS } from '@tributary/router-persistence';
import { hashApiKey } from '@tributary/router-queue-api';
import { processInboundBatch } from '@tributary/router-ticketing';
import { routerApp } from '../src/router.app';
import { routerGroupsFromNow } from './router-test-client';

interface MessageView {
  messageId: string;
  text: string;
  html: string | null;
  attachments: { name: string; file: AttachmentRef | null; downloadPath: string | null }[];
}

/**
 * A helpdesk shows an email as it was sent: the ticket detail carries its sanitized HTML and a
 * download path per stored attachment, and the queue API serves the bytes to the tenant's key only,
 * and only what lies in the router's blob store.
 */
describe('queue API: an email as sent, HTML and attachments', () => {
  const tenantA = `dl-${randomUUID().slice(0, 8)}`;
  const tenantB = `dl-${randomUUID().slice(0, 8)}`;
  const keyA = `key-a-${randomUUID()}`;
  const keyB = `key-b-${randomUUID()}`;
  const invoice = Buffer.from('%PDF-1.7 the invoice the customer sent');
  let directory: string;
  let blobs: LocalDirectoryBlobStore;
  let db: TestDatabase;
  let router: BootedApp;
  let ticketId: string;
  let message: MessageView;

  const get = (path: string, key?: string): Promise<Response> => fetch(`${router.baseUrl}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

  async function store(tenantId: string, changes: Partial<InboundMessageV1Input>): Promise<string> {
    const id = randomUUID();
    const inbound = parseContract(InboundMessageV1, { ...INBOUND_FIXTURES.email, tenantId, messageId: id, dedupeKey: `email:${id}`, thread: { messageId: `${id}@mail.example`, references: [] }, ...changes });
    const [outcome] = (await processInboundBatch(db.dataSource, [inbound])).outcomes;
    if (outcome?.status !== 'stored') throw new Error(`not stored: ${JSON.stringify(outcome)}`);
    return outcome.ticketId;
  }

  async function attachment(name: string, bytes: Buffer, contentType = 'application/pdf'): Promise<AttachmentRef> {
    const stored = await blobs.put(bytes);
    return { name, contentType, sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageUri: stored.storageUri };
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'router-attachments-'));
    blobs = new LocalDirectoryBlobStore(join(directory, 'blobs'));
    db = await createTestDatabase('attachment_download', { migrations: ROUTER_MIGRATIONS });
    ticketId = await store(tenantA, { text: 'Invoice attached.', html: '<p>Invoice <b>attached</b>.</p>', attachments: [await attachment('Счёт №7.pdf', invoice)] });
    router = await bootApp(routerApp, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'],
      DATABASE_URL: db.url,
      BLOB_STORE_DIR: join(directory, 'blobs'),
      ROUTER_API_KEYS: `${tenantA}=${hashApiKey(keyA)},${tenantB}=${hashApiKey(keyB)}`,
      ...(await routerGroupsFromNow('attachment-download')).env,
    });
    await waitFor('the router to become ready', async () => (await router.get('/health/ready')).status === 200, 60_000, 200);
    const detail = (await (await get(`/v1/tickets/${ticketId}`, keyA)).json()) as { messages: MessageView[] };
    message = detail.messages[0] as MessageView;
  }, 120_000);

  afterAll(async () => {
    await router?.close();
    await db?.drop();
    await rm(directory, { recursive: true, force: true });
  }, 60_000);

  it('shows the HTML beside the text, and a download path for each stored attachment', () => {
    expect(message).toMatchObject({ text: 'Invoice attached.', html: '<p>Invoice <b>attached</b>.</p>' });
    const [file] = message.attachments;
    expect(file?.downloadPath).toBe(`/v1/tickets/${ticketId}/messages/${message.messageId}/attachments/${file?.file?.sha256 ?? ''}`);
  });

  it('serves the bytes to the tenant as a download, under the name the customer gave, never to be run in the browser', async () => {
    const response = await get(message.attachments[0]?.downloadPath ?? '', keyA);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(invoice)).toBe(true);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    // An ASCII fallback for old clients and the exact UTF-8 name (RFC 6266).
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[^"]+\.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '')).toBe('Счёт №7.pdf');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('refuses the download without a key (401), and to another tenant, for another hash or another message (404)', async () => {
    const path = message.attachments[0]?.downloadPath ?? '';
    expect((await get(path)).status).toBe(401);
    expect((await get(path, keyB)).status).toBe(404);
    expect((await get(path.replace(/[0-9a-f]{64}$/, 'f'.repeat(64)), keyA)).status).toBe(404);
    expect((await get(path.replace(message.messageId, randomUUID()), keyA)).status).toBe(404);
    const invalid = await get(path.replace(/[0-9a-f]{64}$/, '..%2F..%2Fetc%2Fpasswd'), keyA);
    expect([invalid.status, ((await invalid.json()) as { error: string }).error]).toEqual([404, 'ATTACHMENT_NOT_FOUND']);
  });

  it('serves nothing outside its blob store, even where a record names such a file', async () => {
    // A record naming a file elsewhere on the router's disk (a forged or misconfigured ingest).
    const outside = { name: 'hosts', contentType: 'text/plain', sizeBytes: 10, sha256: 'a'.repeat(64), storageUri: 'file:///etc/hosts' };
    const forged = await store(tenantA, { sender: { identities: [{ kind: 'email', value: 'other@example.org' }] }, attachments: [outside] });
    const detail = (await (await get(`/v1/tickets/${forged}`, keyA)).json()) as { messages: MessageView[] };
    const response = await get(detail.messages[0]?.attachments[0]?.downloadPath ?? '', keyA);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('/etc/hosts');
  });

  it('carries the HTML on the ticket event up to its size bound, and leaves a larger one to the ticket detail', async () => {
    const large = `<p>${'x'.repeat(MAX_EVENT_HTML_LENGTH)}</p>`;
    const bigTicket = await store(tenantA, { sender: { identities: [{ kind: 'email', value: 'long.html@example.org' }] }, html: large });
    const events = await db.dataSource.query<{ ticket_id: string; payload: { message?: { html?: string } } }[]>(
      `SELECT ticket_id, payload FROM outbox_events WHERE ticket_id = ANY($1::uuid[]) AND payload->>'type' = 'ticket.created'`,
      [[ticketId, bigTicket]],
    );
    expect(events.find((event) => event.ticket_id === ticketId)?.payload.message?.html).toBe('<p>Invoice <b>attached</b>.</p>');
    expect(events.find((event) => event.ticket_id === bigTicket)?.payload.message).not.toHaveProperty('html');
    const detail = (await (await get(`/v1/tickets/${bigTicket}`, keyA)).json()) as { messages: MessageView[] };
    expect(detail.messages[0]?.html).toBe(large);
  });
});
