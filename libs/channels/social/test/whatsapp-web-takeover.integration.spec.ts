import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeliveryStatusV1Message } from '@tributary/contracts';
import { createTestDatabase, startAppProcess, waitFor, type AppProcess, type TestDatabase } from '@tributary/platform-testing';
import { WHATSAPP_WEB_MIGRATIONS } from '../src/whatsapp-web/whatsapp-web-migrations';
import { handedOff, post, REPLICA_CUSTOMER as CUSTOMER, REPLICA_NUMBER as NUMBER, replicaReply as reply, reports, stateOf } from './whatsapp-web-replica.util';

const LEASE_RETRY_MS = 500;

async function receive(replica: AppProcess, keyId: string, text: string): Promise<number> {
  return (await post(replica, '/receive', { number: NUMBER, chat: CUSTOMER, keyId, text })).status;
}

/** Two replica processes, one number: the account lease decides which runs the Client. */
describe('whatsapp-web.js sessions across two processes', () => {
  let db: TestDatabase;
  const handoffFile = join(tmpdir(), `wweb-handoff-${randomUUID()}.jsonl`);
  const replicas: AppProcess[] = [];
  const start = async (name: string): Promise<AppProcess> => {
    const replica = await startAppProcess(`whatsapp-web-replica-${name}`, {
      script: 'libs/channels/social/test/whatsapp-web-replica.main.ts',
      env: {
        DATABASE_URL: db.url,
        REPLICA_NAME: name,
        HANDOFF_FILE: handoffFile,
        WHATSAPP_WEB_NUMBERS: JSON.stringify({ [NUMBER]: { tenantId: 'acme' } }),
        WHATSAPP_WEB_LEASE_RETRY_MS: String(LEASE_RETRY_MS),
      },
    });
    replicas.push(replica);
    return replica;
  };

  beforeAll(async () => {
    db = await createTestDatabase('wweb_takeover', { migrations: WHATSAPP_WEB_MIGRATIONS });
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.kill()));
    await db?.drop();
    rmSync(handoffFile, { force: true });
  });

  it('runs the Client only on the lease holder, hands the session over when it is killed, and a message seen by both is one record', async () => {
    const a = await start('a');
    await waitFor('replica a ready', async () => (await stateOf(a)).sessions[0]?.state.kind === 'ready', 20_000, 100);
    const b = await start('b');
    // Several of b's lease attempts go by: it must keep waiting and build no Client.
    await new Promise((resolve) => setTimeout(resolve, LEASE_RETRY_MS * 4));
    expect(await stateOf(a)).toMatchObject({ clientsBuilt: 1, clientsRunning: 1 });
    expect(await stateOf(b)).toMatchObject({ clientsBuilt: 0, clientsRunning: 0, sessions: [expect.objectContaining({ state: expect.objectContaining({ kind: 'waiting-for-lease' }) })] });
    expect(await receive(b, '3EB0000000000001', 'not here')).toBe(409);

    expect(await receive(a, '3EB0000000000001', 'Where is my parcel?')).toBe(202);
    await waitFor('the first hand-off', () => handedOff(handoffFile).length === 1, 10_000, 50);

    // A reply sent by a, acknowledged by WhatsApp's server while a still runs.
    // (A reply given to b instead is stored for a: whatsapp-web-pending-replies.integration.spec.ts.)
    const outbound = reply();
    const sending = await post(a, '/send', outbound);
    const queued = (await sending.json()) as DeliveryStatusV1Message;
    expect(queued).toMatchObject({ state: 'queued', outboundId: outbound.outboundId, provider: 'whatsapp-web' });
    const keyId = queued.providerMessageId?.split('_').at(-1) ?? '';
    expect((await post(a, '/ack', { number: NUMBER, chat: CUSTOMER, keyId, ack: 1 })).status).toBe(202);
    await waitFor('the sent report', () => reports(handoffFile).length === 1, 10_000, 50);

    await a.kill();
    const killedAt = Date.now();
    await waitFor('replica b to take the session', async () => (await stateOf(b)).sessions[0]?.state.kind === 'ready', 10_000, 50);
    const takeoverMs = Date.now() - killedAt;
    // The lock dies with a's connection: b only has to ask again (plus its fake Client's start).
    expect(takeoverMs).toBeLessThan(LEASE_RETRY_MS + 2_000);
    expect(await stateOf(b)).toMatchObject({ clientsBuilt: 1, clientsRunning: 1 });

    // After a takeover, WhatsApp Web re-syncs: the new Client emits the message the old one handed off.
    expect(await receive(b, '3EB0000000000001', 'Where is my parcel?')).toBe(202);
    expect(await receive(b, '3EB0000000000002', 'Hello?')).toBe(202);
    await waitFor('three hand-offs', () => handedOff(handoffFile).length === 3, 10_000, 50);
    const inbound = handedOff(handoffFile);
    const first = inbound.filter((record) => record.providerMessageId === `false_${CUSTOMER}_3EB0000000000001`);
    expect(first).toHaveLength(2);
    expect(first[1]?.dedupeKey).toBe(first[0]?.dedupeKey);
    expect(first[1]?.messageId).toBe(first[0]?.messageId);
    // The router stores a dedupe key once (rule 1): two distinct messages, whatever the redeliveries.
    expect(new Set(inbound.map((record) => record.dedupeKey)).size).toBe(2);

    // b never saw a's send, but the table tells it whose reply the message is: the ack becomes its report.
    expect((await post(b, '/ack', { number: NUMBER, chat: CUSTOMER, keyId, ack: 3 })).status).toBe(202);
    await waitFor('the read report', () => reports(handoffFile).length === 2, 10_000, 50);
    expect(reports(handoffFile).map((status) => [status.state, status.outboundId, status.providerMessageId])).toEqual([
      ['sent', outbound.outboundId, queued.providerMessageId],
      ['read', outbound.outboundId, queued.providerMessageId],
    ]);
  });
});
