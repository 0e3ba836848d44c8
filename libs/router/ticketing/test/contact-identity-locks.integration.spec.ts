import { randomUUID } from 'node:crypto';
import { InboundMessageV1, parseContract } from '@tributary/contracts';
import { INBOUND_FIXTURES } from '@tributary/contracts/testing';
import { waitFor, type TestDatabase } from '@tributary/platform-testing';
import type { QueryRunner } from 'typeorm';
import { lockKeys } from '../src/advisory-lock.util';
import { lockContactIdentities } from '../src/contact-identity-locks.util';
import { processInboundBatch } from '../src/inbound-batch.processor';
import { queryRunnerExecutor } from '../src/transaction-executor.util';
import { createTicketingTestDatabase } from './ticketing-test-db';

/** A merge locks every identity of its contacts, including one a router commits while the merge reads. */
describe('contact identity locks', () => {
  let db: TestDatabase;
  const tenantId = `locks-${randomUUID().slice(0, 8)}`;
  const phone = '+4915100000031';
  const email = 'late.identity@example.com';
  const runners: QueryRunner[] = [];

  beforeAll(async () => {
    db = await createTicketingTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(runners.map((runner) => runner.release()));
    await db?.drop();
  });

  async function openTransaction(): Promise<QueryRunner> {
    const runner = db.dataSource.createQueryRunner();
    runners.push(runner);
    await runner.startTransaction();
    return runner;
  }

  it('also holds the lock of an identity a router was committing for the contact when the merge read its identities', async () => {
    const id = randomUUID();
    await processInboundBatch(db.dataSource, [
      parseContract(InboundMessageV1, { ...INBOUND_FIXTURES.sms, tenantId, messageId: id, dedupeKey: `sms:${id}`, sender: { identities: [{ kind: 'phone', value: phone }] } }),
    ]);
    const [{ contact_id: contactId }] = await db.dataSource.query<[{ contact_id: string }]>('SELECT contact_id FROM contact_identities WHERE tenant_id = $1', [tenantId]);
    const phoneKey = `identity:${tenantId}:phone:${phone}`;
    const emailKey = `identity:${tenantId}:email:${email}`;

    // A router placing a message from the phone that also names a new email: it holds both
    // identities' locks and has written the email row, not yet committed.
    const router = await openTransaction();
    await lockKeys(queryRunnerExecutor(router), [phoneKey, emailKey]);
    await router.query('INSERT INTO contact_identities (id, tenant_id, contact_id, kind, value) VALUES ($1, $2, $3, $4, $5)', [randomUUID(), tenantId, contactId, 'email', email]);

    // The merge reads the contact's identities now (the phone only) and waits for the phone's lock.
    const merge = await openTransaction();
    const mergePid = String((await merge.query('SELECT pg_backend_pid() AS pid'))[0].pid);
    const locking = lockContactIdentities(queryRunnerExecutor(merge), tenantId, [contactId]);
    await waitFor('the merge to wait for the phone lock', async () => {
      const waiting = await db.dataSource.query('SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted', [mergePid]);
      return waiting.length > 0;
    }, 10_000, 20);
    await router.commitTransaction();
    await locking;

    // Nothing else can take the email's lock while the merge runs: a router placing a message
    // from the email now waits for the merge instead of attaching it to a contact being merged.
    const [{ taken }] = await db.dataSource.query<[{ taken: boolean }]>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS taken', [emailKey]);
    expect(taken).toBe(false);
    await merge.rollbackTransaction();
  }, 30_000);

  it('locks a number stored as WhatsApp under the key an SMS or a call from that number takes', async () => {
    const number = '+4915100000032';
    const contactId = randomUUID();
    await db.dataSource.query('INSERT INTO tenants (id, name) VALUES ($1, $1) ON CONFLICT DO NOTHING', [tenantId]);
    await db.dataSource.query('INSERT INTO contacts (id, tenant_id) VALUES ($1, $2)', [contactId, tenantId]);
    await db.dataSource.query('INSERT INTO contact_identities (id, tenant_id, contact_id, kind, value) VALUES ($1, $2, $3, $4, $5)', [randomUUID(), tenantId, contactId, 'whatsapp', number]);

    const merge = await openTransaction();
    await lockContactIdentities(queryRunnerExecutor(merge), tenantId, [contactId]);
    const [{ taken }] = await db.dataSource.query<[{ taken: boolean }]>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS taken', [`identity:${tenantId}:phone:${number}`]);
    expect(taken).toBe(false);
    await merge.rollbackTransaction();
  });
});
