import { randomUUID } from 'node:crypto';
import type { DeliveryStatusV1Message, OutboundMessageV1Message } from '@tributary/contracts';
import { outboundReplyFixture } from '@tributary/contracts/testing';
import { createDataSource } from '@tributary/platform-database';
import { createTestDatabase, type TestDatabase } from '@tributary/platform-testing';
import type { DataSource } from 'typeorm';
import { AccountLeaseRepository } from '../src/persistence/account-lease.repository';
import { CHANNEL_KIT_MIGRATIONS } from '../src/persistence/channel-kit-migrations';
import { SentRepliesRepository } from '../src/persistence/sent-replies.repository';

const reply = (): OutboundMessageV1Message => outboundReplyFixture({ outboundId: randomUUID(), tenantId: 'kit-it', ticketId: randomUUID() });

const queued = (outbound: OutboundMessageV1Message, sid: string): DeliveryStatusV1Message => ({
  schemaVersion: 1,
  statusId: randomUUID(),
  outboundId: outbound.outboundId,
  tenantId: outbound.tenantId,
  ticketId: outbound.ticketId,
  channel: outbound.channel,
  provider: 'twilio',
  providerMessageId: sid,
  state: 'queued',
  occurredAt: new Date().toISOString(),
  traceId: outbound.traceId,
});

/** Two replicas are two connection pools on one database. */
describe('the kit on PostgreSQL, shared by two replicas', () => {
  let db: TestDatabase;
  let otherReplica: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('channel_kit', { migrations: CHANNEL_KIT_MIGRATIONS });
    otherReplica = await createDataSource({ url: db.url, poolSize: 2, applicationName: 'kit-it-replica-b' }).initialize();
  });
  afterAll(async () => {
    await otherReplica.destroy();
    await db.drop();
  });

  it('sends a reply handed to both replicas at once exactly once, and both report the same status', async () => {
    const outbound = reply();
    let sends = 0;
    const slowSend = async () => {
      sends += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
      return queued(outbound, `SM${sends}`);
    };
    const [a, b] = await Promise.all([new SentRepliesRepository(db.dataSource).sendOnce(outbound, slowSend), new SentRepliesRepository(otherReplica).sendOnce(outbound, slowSend)]);
    expect(sends).toBe(1);
    expect(a.status).toEqual(b.status);
    expect([a.sentNow, b.sentNow].sort()).toEqual([false, true]);
  });

  it('tries a failed send again on redelivery instead of repeating the failure', async () => {
    const outbound = reply();
    const ledger = new SentRepliesRepository(db.dataSource);
    const failed: DeliveryStatusV1Message = { ...queued(outbound, 'x'), state: 'failed', error: { code: '21211', message: 'invalid To' } };
    await ledger.sendOnce(outbound, () => Promise.resolve(failed));
    const again = await ledger.sendOnce(outbound, () => Promise.resolve(queued(outbound, 'SM-retry')));
    expect(again).toMatchObject({ sentNow: true, status: { state: 'queued', providerMessageId: 'SM-retry' } });
  });

  it('gives an account one owner, and hands it to the other replica when the owner dies', async () => {
    const account = `bot-${randomUUID().slice(0, 8)}`;
    const owner = await new AccountLeaseRepository(db.dataSource, 'telegram').tryAcquire(account);
    const other = new AccountLeaseRepository(otherReplica, 'telegram');
    expect(owner).toBeDefined();
    expect(await other.tryAcquire(account)).toBeUndefined();
    // Another channel's account of the same name is not the same lock.
    const sameNameElsewhere = await new AccountLeaseRepository(otherReplica, 'whatsapp-web').tryAcquire(account);
    expect(sameNameElsewhere).toBeDefined();
    await sameNameElsewhere?.release();

    // The owner's session dies (a crashed pod's connection): the lock goes with it.
    await otherReplica.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = (hashtextextended($1, 0) & 4294967295)::oid AND pid <> pg_backend_pid()`,
      [`tributary:telegram:${account}`],
    );
    expect(await owner?.stillHeld()).toBe(false);
    const taken = await other.tryAcquire(account);
    expect(taken).toBeDefined();
    await taken?.release();
  });
});
