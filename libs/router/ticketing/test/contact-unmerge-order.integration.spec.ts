import { randomUUID } from 'node:crypto';
import { InboundMessageV1, parseContract, type InboundMessageV1Input } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import type { TestDatabase } from '@tributary/platform-testing';
import { mergeContacts } from '../src/contact-merger';
import { unmergeContacts } from '../src/contact-unmerger';
import { processInboundBatch } from '../src/inbound-batch.processor';
import { transactionExecutor } from '../src/transaction-executor.util';
import { createTicketingTestDatabase } from './ticketing-test-db';

/** Merges undone in any order give every contact back exactly what it had. */
describe('contact unmerge order', () => {
  let db: TestDatabase;
  const tenantId = `unmerge-${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    db = await createTicketingTestDatabase();
  }, 60_000);
  afterAll(() => db?.drop());

  const sms = (phone: string): InboundMessageV1Input => {
    const id = randomUUID();
    return { ...INBOUND_FIXTURES.sms, messageId: id, dedupeKey: `sms:${id}`, tenantId, sender: { identities: [{ kind: 'phone', value: phone }] }, text: `from ${phone}` };
  };
  const inTransaction = <T>(work: Parameters<typeof transactionExecutor>[0] extends never ? never : (sql: ReturnType<typeof transactionExecutor>) => Promise<T>) =>
    db.dataSource.transaction((manager) => work(transactionExecutor(manager)));
  const owners = async () =>
    db.dataSource.query<{ value: string; contact_id: string }[]>('SELECT value, contact_id FROM contact_identities WHERE tenant_id = $1 ORDER BY value', [tenantId]);
  const ticketOwners = async () =>
    db.dataSource.query<{ contact_id: string }[]>('SELECT contact_id FROM tickets WHERE tenant_id = $1 ORDER BY created_at', [tenantId]);

  it('undoes merges newest first, refusing an older one a later merge built on, and restores everything', async () => {
    await processInboundBatch(db.dataSource, [parseContract(InboundMessageV1, sms('+4915100000011'))]);
    await processInboundBatch(db.dataSource, [parseContract(InboundMessageV1, sms('+4915100000012'))]);
    await processInboundBatch(db.dataSource, [parseContract(InboundMessageV1, sms('+4915100000013'))]);
    const before = await owners();
    const ticketsBefore = await ticketOwners();
    const [a, b, c] = before.map((row) => row.contact_id) as [string, string, string];

    const first = await inTransaction((sql) => mergeContacts(sql, { tenantId, sourceId: a, targetId: b, reason: 'test', actor: 'agent-1' }));
    const second = await inTransaction((sql) => mergeContacts(sql, { tenantId, sourceId: b, targetId: c, reason: 'test', actor: 'agent-1' }));
    expect(new Set((await owners()).map((row) => row.contact_id))).toEqual(new Set([c]));

    // Undoing the first merge while the second still stands is refused: it would take from C what the second moved.
    expect(await inTransaction((sql) => unmergeContacts(sql, { tenantId, mergeId: first.mergeId, actor: 'agent-1' }))).toEqual({
      kind: 'later-merge-first',
      laterMergeId: second.mergeId,
    });
    expect(new Set((await owners()).map((row) => row.contact_id))).toEqual(new Set([c]));
    // Newest first, every contact gets back exactly what it had.
    await inTransaction((sql) => unmergeContacts(sql, { tenantId, mergeId: second.mergeId, actor: 'agent-1' }));
    await inTransaction((sql) => unmergeContacts(sql, { tenantId, mergeId: first.mergeId, actor: 'agent-1' }));
    expect(await owners()).toEqual(before);
    expect(await ticketOwners()).toEqual(ticketsBefore);
  });
});
