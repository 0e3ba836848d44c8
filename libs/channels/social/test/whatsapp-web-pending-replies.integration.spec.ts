import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeliveryStatusV1Schema, InboundMessageV1Schema } from '@tributary/contracts';
import { createTestDatabase, startAppProcess, waitFor, type AppProcess, type TestDatabase } from '@tributary/platform-testing';
import { WHATSAPP_WEB_MIGRATIONS } from '../src/whatsapp-web/whatsapp-web-migrations';
import type { WhatsappWebPendingReplyOutcome, WhatsappWebQueuedReply } from '../src/whatsapp-web/whatsapp-web-pending-reply';
import { WhatsappWebPendingRepliesRepository } from '../src/whatsapp-web/whatsapp-web-pending-replies.repository';
import { handedOff, post, REPLICA_CUSTOMER as CUSTOMER, REPLICA_NUMBER as NUMBER, replicaReply, reports, stateOf } from './whatsapp-web-replica.util';

const LEASE_RETRY_MS = 500;
const POLL_MS = 200;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The kit's reply loop gives a reply to any replica: the one without the number's session hands it over in PostgreSQL. */
describe('whatsapp-web.js replies handed over between two processes', () => {
  let db: TestDatabase;
  const handoffFile = join(tmpdir(), `wweb-pending-${randomUUID()}.jsonl`);
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
        WHATSAPP_WEB_PENDING_POLL_MS: String(POLL_MS),
      },
    });
    replicas.push(replica);
    return replica;
  };
  const send = async (replica: AppProcess, outbound: ReturnType<typeof replicaReply>) => {
    const response = await post(replica, '/send', outbound);
    expect(response.status).toBe(200);
    return DeliveryStatusV1Schema.parse(await response.json());
  };

  beforeAll(async () => {
    db = await createTestDatabase('wweb_pending', { migrations: WHATSAPP_WEB_MIGRATIONS });
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.kill()));
    await db?.drop();
    rmSync(handoffFile, { force: true });
  });

  it('sends a reply given to the process without the session once, through the holder; after SIGKILL of the holder, the new holder sends what was stored meanwhile', async () => {
    const a = await start('a');
    await waitFor('replica a ready', async () => (await stateOf(a)).sessions[0]?.state.kind === 'ready', 20_000, 100);
    const b = await start('b');
    await pause(LEASE_RETRY_MS * 2);
    expect((await stateOf(b)).sessions[0]?.state.kind).toBe('waiting-for-lease');

    // b cannot send: it stores the reply and reports it queued (no message id yet), redeliveries included.
    const first = replicaReply('It ships today.');
    const queued = await send(b, first);
    expect(queued).toMatchObject({ state: 'queued', outboundId: first.outboundId, provider: 'whatsapp-web' });
    expect(queued.providerMessageId).toBeUndefined();
    const again = { statusId: queued.statusId, state: 'queued', outboundId: first.outboundId };
    expect(await send(b, first)).toMatchObject(again);
    await waitFor("a's Client to send it", async () => (await stateOf(a)).sent.length === 1, 10_000, 50);
    expect(await send(b, first)).toMatchObject(again);
    await pause(POLL_MS * 5);
    const sentByA = (await stateOf(a)).sent;
    expect(sentByA).toEqual([{ chatId: CUSTOMER, text: 'It ships today.', quotedMessageId: first.answering?.providerMessageId, messageId: expect.any(String) }]);
    expect((await stateOf(b)).sent).toEqual([]);

    // Recorded as the reply's: WhatsApp's ack becomes its delivery report.
    const messageId = sentByA[0]?.messageId ?? '';
    expect((await post(a, '/ack', { number: NUMBER, chat: CUSTOMER, keyId: messageId.split('_').at(-1), ack: 1 })).status).toBe(202);
    await waitFor('the sent report', () => reports(handoffFile).length === 1, 10_000, 50);
    expect(reports(handoffFile)[0]).toMatchObject({ state: 'sent', outboundId: first.outboundId, providerMessageId: messageId });

    // The business types on the phone: the agent's side of the customer's conversation, not a reply of ours.
    const phone = (await (await post(a, '/phone', { number: NUMBER, chat: CUSTOMER, text: 'I will call you at 3' })).json()) as { messageId: string };
    await waitFor('the phone message handed off', () => handedOff(handoffFile).length === 1, 10_000, 50);
    expect(InboundMessageV1Schema.parse(handedOff(handoffFile)[0])).toMatchObject({
      direction: 'outbound',
      providerMessageId: phone.messageId,
      sender: { identities: [{ kind: 'whatsapp', value: '+4915112345678' }] },
      text: 'I will call you at 3',
    });

    // WhatsApp logs a's Client out: a still holds the number but cannot send until it is linked again.
    expect((await post(a, '/disconnect', { number: NUMBER, next: 'qr' })).status).toBe(202);
    await waitFor('a to need a QR', async () => (await stateOf(a)).sessions[0]?.state.kind === 'qr-required', 10_000, 50);
    const second = replicaReply('Your parcel left the depot.');
    const third = replicaReply('Tracking number: 0034 0432.');
    expect(await send(a, second)).toMatchObject({ state: 'queued', outboundId: second.outboundId });
    expect(await send(b, third)).toMatchObject({ state: 'queued', outboundId: third.outboundId });
    await pause(POLL_MS * 5);
    expect((await stateOf(a)).sent).toHaveLength(1);

    await a.kill();
    await waitFor('b to take the session', async () => (await stateOf(b)).sessions[0]?.state.kind === 'ready', 10_000, 50);
    await waitFor("b's Client to send both", async () => (await stateOf(b)).sent.length >= 2, 10_000, 50);
    await pause(POLL_MS * 5);
    expect((await stateOf(b)).sent.map((sent) => sent.text)).toEqual(['Your parcel left the depot.', 'Tracking number: 0034 0432.']);
    const rows = await db.dataSource.query<{ outbound_id: string; outcome: string | null }[]>('SELECT outbound_id, outcome FROM whatsapp_web_pending_replies ORDER BY created_at');
    expect(rows).toEqual([
      { outbound_id: first.outboundId, outcome: 'sent' },
      { outbound_id: second.outboundId, outcome: 'sent' },
      { outbound_id: third.outboundId, outcome: 'sent' },
    ]);
  });

  it('lets two holders taking at once each have a different stored reply, and none that is being sent (FOR UPDATE SKIP LOCKED)', async () => {
    const repository = new WhatsappWebPendingRepliesRepository(db.dataSource);
    const number = '+498912340000';
    const stored = [replicaReply('one'), replicaReply('two')].map((outbound) => ({
      outboundId: outbound.outboundId,
      tenantId: 'acme',
      ticketId: outbound.ticketId,
      traceId: outbound.traceId,
      number,
      recipient: '+4915112345678',
      text: outbound.text,
    }));
    for (const reply of stored) await repository.queue(reply);
    const taken: string[] = [];
    const slowSend = async (reply: WhatsappWebQueuedReply): Promise<WhatsappWebPendingReplyOutcome> => {
      taken.push(reply.outboundId);
      await pause(300);
      const keyId = `3EB0${reply.outboundId.replace(/-/g, '').slice(0, 16).toUpperCase()}`;
      return { kind: 'sent', sent: { ...reply, keyId, messageId: `true_${CUSTOMER}_${keyId}` } };
    };
    const [x, y, z] = await Promise.all([
      repository.takeNext(number, slowSend),
      repository.takeNext(number, slowSend),
      // Started while both are locked: nothing is left for it.
      pause(100).then(() => repository.takeNext(number, slowSend)),
    ]);
    expect([x?.kind, y?.kind, z]).toEqual(['sent', 'sent', undefined]);
    expect([...taken].sort()).toEqual(stored.map((reply) => reply.outboundId).sort());
    expect(await repository.takeNext(number, () => Promise.reject(new Error('nothing should be taken')))).toBeUndefined();
    // Each recorded for its acks in the same transaction that closed its row.
    const recorded = await db.dataSource.query<{ outbound_id: string }[]>('SELECT outbound_id FROM whatsapp_web_sent_messages WHERE number = $1 ORDER BY outbound_id', [number]);
    expect(recorded.map((row) => row.outbound_id)).toEqual(stored.map((reply) => reply.outboundId).sort());
  });
});
