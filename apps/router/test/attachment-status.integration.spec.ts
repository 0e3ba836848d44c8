import { randomUUID } from 'node:crypto';
import {
  AttachmentStatusV1,
  HEADERS,
  InboundMessageV1,
  TOPICS,
  TicketEventV1,
  decodeContract,
  parseContract,
  type AttachmentStatusV1Message,
  type InboundMessageV1Message,
  type PendingAttachment,
  type TicketEventV1Message,
} from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { ContractPublisher } from '@tributary/platform-kafka';
import { bootApp, waitFor, type BootedApp, type TestDatabase } from '@tributary/platform-testing';
import { hashApiKey } from '@tributary/router-queue-api';
import { processInboundBatch } from '@tributary/router-ticketing';
import type { Consumer } from 'kafkajs';
import { routerApp } from '../src/router.app';
import { callApi, readTopic, routerGroupsFromNow, testKafka } from './router-test-client';
import { createRouterTestDatabase } from './router-test-database';

interface AttachmentView {
  attachmentId: string | null;
  state: string;
  name: string | null;
  file: { storageUri: string; sha256: string } | null;
  error: { code: string; message: string } | null;
}

const SHA = 'c'.repeat(64);

/**
 * Attachments an inbound message announced as pending, settled by AttachmentStatus v1 on the real
 * broker: each moves once, from pending to stored or failed, shows on GET /v1/tickets/:id and is
 * announced on the ticket stream; repeats, late contradictions and outcomes that come before their
 * message are handled as the contract says.
 */
describe('router: attachment statuses', () => {
  const tenantId = `a-${randomUUID().slice(0, 8)}`;
  const key = `key-${randomUUID()}`;
  const kafka = testKafka('attachment-status-test');
  const publisher = new ContractPublisher(kafka);
  const events: TicketEventV1Message[] = [];
  const deadLetters: { key: string; reason: string }[] = [];
  const readers: Consumer[] = [];
  let db: TestDatabase;
  let router: BootedApp;

  const pending = (state: PendingAttachment['state'] = 'pending'): PendingAttachment => ({
    attachmentId: randomUUID(),
    name: 'media-0',
    contentType: 'image/png',
    state,
    ...(state === 'failed' ? { error: { code: 'GONE', message: 'twilio media from api.twilio.com: answered HTTP 404' } } : {}),
  });

  function inbound(pendingAttachments: PendingAttachment[]): InboundMessageV1Message {
    const id = randomUUID();
    const phone = `+4917${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;
    return parseContract(InboundMessageV1, {
      ...INBOUND_FIXTURES.sms,
      tenantId,
      messageId: id,
      dedupeKey: `sms:${id}`,
      sender: { identities: [{ kind: 'phone', value: phone }] },
      pendingAttachments,
    });
  }

  function status(message: InboundMessageV1Message, attachment: PendingAttachment, state: 'stored' | 'failed', changes: Partial<AttachmentStatusV1Message> = {}): AttachmentStatusV1Message {
    return parseContract(AttachmentStatusV1, {
      schemaVersion: 1,
      statusId: randomUUID(),
      attachmentId: attachment.attachmentId,
      messageId: message.messageId,
      tenantId,
      channel: 'sms',
      provider: 'twilio',
      state,
      ...(state === 'stored'
        ? { attachment: { name: 'media-0', contentType: 'image/png', sizeBytes: 42, sha256: SHA, storageUri: `file:///blobs/cc/${SHA}` } }
        : { error: { code: 'NETWORK', message: 'twilio media from api.twilio.com: the request failed' } }),
      attempts: 3,
      occurredAt: new Date().toISOString(),
      traceId: message.traceId,
      ...changes,
    });
  }

  const publishInbound = (...messages: InboundMessageV1Message[]) =>
    publisher.publish(TOPICS.inbound, InboundMessageV1, messages.map((value) => ({ key: `${tenantId}:${value.messageId}`, value, traceId: value.traceId })));
  const publishStatuses = (...statuses: AttachmentStatusV1Message[]) =>
    publisher.publish(TOPICS.attachments, AttachmentStatusV1, statuses.map((value) => ({ key: value.messageId, value, traceId: value.traceId })));

  async function ticketOf(message: InboundMessageV1Message): Promise<string> {
    await waitFor('the message stored', async () => (await db.dataSource.query<unknown[]>("SELECT 1 FROM messages WHERE payload->>'messageId' = $1", [message.messageId])).length > 0, 30_000);
    const [row] = await db.dataSource.query<{ ticket_id: string }[]>("SELECT ticket_id FROM messages WHERE payload->>'messageId' = $1", [message.messageId]);
    return row?.ticket_id ?? '';
  }

  async function attachmentsOn(ticketId: string): Promise<AttachmentView[]> {
    const detail = await callApi(router.baseUrl, 'GET', `/v1/tickets/${ticketId}`, key);
    const messages = detail.json['messages'] as { attachments: AttachmentView[] }[];
    return messages.flatMap((message) => message.attachments);
  }

  const attachmentEvents = (ticketId: string) =>
    events.filter((event) => event.ticketId === ticketId && event.type === 'ticket.status-changed' && event.changedBy.startsWith('router:attachment-'));

  beforeAll(async () => {
    db = await createRouterTestDatabase();
    const groups = await routerGroupsFromNow('attachment-status');
    router = await bootApp(routerApp, { KAFKA_BROKERS: process.env['KAFKA_BROKERS'], DATABASE_URL: db.url, ROUTER_API_KEYS: `${tenantId}=${hashApiKey(key)}`, ...groups.env });
    await waitFor('the router to become ready', async () => (await router.get('/health/ready')).status === 200, 60_000, 200);
    readers.push(
      await readTopic(kafka, TOPICS.ticketEvents, (_key, value) => {
        const event = decodeContract(TicketEventV1, value);
        if (event.tenantId === tenantId) events.push(event);
      }),
      await readTopic(kafka, TOPICS.inboundDeadLetter, (recordKey, _value, headers) => {
        if (headers[HEADERS.deadLetterSourceTopic] === TOPICS.attachments) deadLetters.push({ key: recordKey, reason: headers[HEADERS.deadLetterReason] ?? '' });
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(readers.map((reader) => reader.disconnect()));
    await publisher.close();
    await router?.close();
    await db?.drop();
  }, 60_000);

  it('shows announced attachments as pending (or failed with the reason), then moves each once to its outcome and announces it', async () => {
    const [first, second, gone, last] = [pending(), pending(), pending('failed'), pending()];
    const message = inbound([first, second, gone, last]);
    await publishInbound(message);
    const ticketId = await ticketOf(message);
    expect(await attachmentsOn(ticketId)).toEqual([
      { attachmentId: first.attachmentId, state: 'pending', name: 'media-0', contentType: 'image/png', file: null, downloadPath: null, error: null },
      { attachmentId: second.attachmentId, state: 'pending', name: 'media-0', contentType: 'image/png', file: null, downloadPath: null, error: null },
      { attachmentId: gone.attachmentId, state: 'failed', name: 'media-0', contentType: 'image/png', file: null, downloadPath: null, error: gone.error },
      { attachmentId: last.attachmentId, state: 'pending', name: 'media-0', contentType: 'image/png', file: null, downloadPath: null, error: null },
    ]);

    const stored = status(message, first, 'stored');
    // A repeat of `stored`, a contradiction after `failed` and an outcome for the one that failed on
    // arrival change nothing; `last` goes last on the same partition, so once it shows, all were handled.
    await publishStatuses(stored, status(message, second, 'failed'), stored, status(message, second, 'stored'), status(message, gone, 'stored'), status(message, last, 'stored'));
    await waitFor('the last outcome announced', () => attachmentEvents(ticketId).length >= 3, 30_000);
    const after = await attachmentsOn(ticketId);
    expect(after[0]).toMatchObject({ state: 'stored', file: { sha256: SHA, storageUri: `file:///blobs/cc/${SHA}` }, error: null });
    expect(after[1]).toMatchObject({ state: 'failed', file: null, error: { code: 'NETWORK', message: 'twilio media from api.twilio.com: the request failed' } });
    expect(after[2]).toMatchObject({ state: 'failed', file: null, error: gone.error });
    expect(after[3]).toMatchObject({ state: 'stored' });
    expect(attachmentEvents(ticketId).map((event) => event.type === 'ticket.status-changed' && event.changedBy)).toEqual([
      'router:attachment-stored',
      'router:attachment-failed',
      'router:attachment-stored',
    ]);
    const sequences = events.filter((event) => event.ticketId === ticketId).map((event) => event.sequence);
    expect(sequences).toEqual([1, 2, 3, 4]);
    const [repeat] = await db.dataSource.query<{ status_id: string }[]>('SELECT status_id FROM message_attachments WHERE attachment_id = $1', [first.attachmentId]);
    expect(repeat?.status_id).toBe(stored.statusId);
  }, 90_000);

  it('keeps an outcome that comes before its message and announces it after the message, whichever path stores the message', async () => {
    for (const path of ['set-based', 'per-message', 'isolated'] as const) {
      const early = pending();
      const message = inbound([early]);
      await publishStatuses(status(message, early, 'stored'));
      await waitFor('the early outcome kept', async () => (await db.dataSource.query<unknown[]>('SELECT 1 FROM message_attachments WHERE attachment_id = $1', [early.attachmentId])).length > 0, 30_000);
      // Stored here, on one path, as the router's consumer would; it shares the database.
      await processInboundBatch(db.dataSource, [message], { paths: [path] });
      const ticketId = await ticketOf(message);
      expect(await attachmentsOn(ticketId)).toEqual([expect.objectContaining({ attachmentId: early.attachmentId, state: 'stored', file: expect.objectContaining({ sha256: SHA }) as unknown })]);
      const [row] = await db.dataSource.query<{ type: string; changed_by: string | null; sequence: number }[]>(
        `SELECT payload->>'type' AS type, payload->>'changedBy' AS changed_by, sequence FROM outbox_events WHERE ticket_id = $1 AND topic = $2 ORDER BY sequence DESC LIMIT 1`,
        [ticketId, TOPICS.ticketEvents],
      );
      expect({ path, ...row }).toEqual({ path, type: 'ticket.status-changed', changed_by: 'router:attachment-stored', sequence: 2 });
    }
  }, 90_000);

  it('stores a batch in which two messages announce the same attachment id (unique per message only), on every path', async () => {
    for (const path of ['set-based', 'per-message', 'isolated'] as const) {
      const shared = pending();
      const [first, second] = [inbound([shared]), inbound([shared])];
      const result = await processInboundBatch(db.dataSource, [first, second], { paths: [path] });
      expect({ path, rejected: result.rejected }).toEqual({ path, rejected: [] });
      // The first announcement wins, as it would across two batches.
      expect(await attachmentsOn(await ticketOf(first))).toEqual([expect.objectContaining({ attachmentId: shared.attachmentId, state: 'pending' })]);
    }
  }, 90_000);

  it('dead-letters an outcome naming another message than the one that announced the attachment, and carries on', async () => {
    const attachment = pending();
    const message = inbound([attachment]);
    await publishInbound(message);
    const ticketId = await ticketOf(message);
    const misdirected = { ...status(message, attachment, 'stored'), messageId: randomUUID() };
    await publishStatuses(misdirected, status(message, attachment, 'failed'));
    await waitFor('the dead letter', () => deadLetters.some((entry) => entry.key === misdirected.messageId), 30_000);
    expect(deadLetters.find((entry) => entry.key === misdirected.messageId)?.reason).toMatch(/belongs to message/);
    await waitFor('the outcome behind it', async () => (await attachmentsOn(ticketId))[0]?.state === 'failed', 30_000);
  }, 60_000);
});
