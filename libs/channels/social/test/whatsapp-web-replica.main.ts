// A replica for the takeover test: the whatsapp-web.js sessions service with fake Clients, real
// account leases on the test database and a file as the hand-off's far side, plus a small HTTP API
// through which the test plays WhatsApp (a customer's message arriving) and reads the sessions.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { AccountLeaseRepository, DurableHandoff, NoSpool } from '@tributary/channel-kit';
import { OutboundMessageV1Schema } from '@tributary/contracts';
import { createDataSource } from '@tributary/platform-database';
import { JsonLogger } from '@tributary/platform-observability';
import { FakeWhatsappWebClient, type FakeWhatsappWebStart } from '../src/whatsapp-web/fake-whatsapp-web.client';
import type { WhatsappWebAck } from '../src/whatsapp-web/whatsapp-web-client.port';
import { whatsappWebMessage } from '../src/whatsapp-web/whatsapp-web-message.builder';
import { WhatsappWebPendingRepliesRepository } from '../src/whatsapp-web/whatsapp-web-pending-replies.repository';
import { WhatsappWebReplySender } from '../src/whatsapp-web/whatsapp-web-reply.sender';
import { WhatsappWebSessionUnavailableError } from '../src/whatsapp-web/whatsapp-web-session-unavailable.error';
import { WhatsappWebSentMessagesRepository } from '../src/whatsapp-web/whatsapp-web-sent-messages.repository';
import { WhatsappWebSessionsService } from '../src/whatsapp-web/whatsapp-web-sessions.service';
import { FileHandoffPublisher } from './file-handoff.publisher';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const numbers = JSON.parse(env('WHATSAPP_WEB_NUMBERS')) as Record<string, { tenantId: string }>;
  const logger = new JsonLogger({ app: `whatsapp-web-replica-${env('REPLICA_NAME')}`, level: 'info' });
  const dataSource = await createDataSource({ url: env('DATABASE_URL'), poolSize: 4, applicationName: `wweb-replica-${env('REPLICA_NAME')}` }).initialize();
  const clients: FakeWhatsappWebClient[] = [];
  /** How the next Client of a number starts (a test unlinks a number to keep its holder from sending). */
  const nextStart = new Map<string, FakeWhatsappWebStart>();
  const handoff = new DurableHandoff(new FileHandoffPublisher(env('HANDOFF_FILE')), new NoSpool(), { timeoutMs: 5_000 });
  const sessions = new WhatsappWebSessionsService(
    numbers,
    {
      leaseRetryMs: Number(env('WHATSAPP_WEB_LEASE_RETRY_MS')),
      leaseCheckMs: 200,
      reconnectInitialMs: 200,
      reconnectMaxMs: 1_000,
      startTimeoutMs: 5_000,
      pendingPollMs: Number(process.env['WHATSAPP_WEB_PENDING_POLL_MS'] ?? 1_000),
    },
    {
      leases: new AccountLeaseRepository(dataSource, 'whatsapp-web'),
      createClient: (number) => {
        const client = new FakeWhatsappWebClient(number, nextStart.get(number) ?? 'ready');
        clients.push(client);
        return client;
      },
      handoff,
      sentMessages: new WhatsappWebSentMessagesRepository(dataSource),
      pendingReplies: new WhatsappWebPendingRepliesRepository(dataSource),
      logger,
    },
  );

  const sender = new WhatsappWebReplySender({ numbers, sessions });

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => answer(response, 500, { error: String(error) }));
  });
  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.url === '/health/ready') return answer(response, 200, { status: 'ok' });
    if (request.url === '/state') {
      return answer(response, 200, {
        sessions: sessions.views(),
        clientsBuilt: clients.length,
        clientsRunning: clients.filter((client) => !client.destroyed).length,
        sent: clients.flatMap((client) => client.sent.map(({ chatId, text, quotedMessageId, message }) => ({ chatId, text, quotedMessageId, messageId: message.id._serialized }))),
      });
    }
    if (request.method !== 'POST') return answer(response, 404, { error: 'not found' });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (request.url === '/send') {
      // The reply loop's call, without Kafka: a reply for this replica's sender.
      try {
        return answer(response, 200, await sender.send(OutboundMessageV1Schema.parse(body)));
      } catch (error) {
        if (error instanceof WhatsappWebSessionUnavailableError) return answer(response, 503, { error: error.message });
        throw error;
      }
    }
    const event = body as { number: string; chat: string; keyId: string; text?: string; ack?: WhatsappWebAck; next?: FakeWhatsappWebStart };
    const client = clients.findLast((candidate) => candidate.number === event.number && !candidate.destroyed);
    if (client === undefined || sessions.session(event.number)?.state.kind !== 'ready') return answer(response, 409, { error: 'no ready Client for this number here' });
    if (request.url === '/receive') {
      client.receive(whatsappWebMessage({ chat: event.chat, me: client.me, keyId: event.keyId, body: event.text ?? '' }));
      return answer(response, 202, { received: true });
    }
    if (request.url === '/ack') {
      client.ackSyncedMessage(whatsappWebMessage({ fromMe: true, chat: event.chat, me: client.me, keyId: event.keyId }), event.ack ?? 1);
      return answer(response, 202, { acked: true });
    }
    if (request.url === '/phone') {
      // The business types a message on the linked phone itself.
      return answer(response, 202, { messageId: client.sendFromPhone(event.chat, event.text ?? '').id._serialized });
    }
    if (request.url === '/disconnect') {
      // WhatsApp logs the Client out; the next one starts as `next` says (a QR: the number must be linked again).
      if (event.next) nextStart.set(event.number, event.next);
      client.disconnect('LOGOUT');
      return answer(response, 202, { disconnected: true });
    }
    return answer(response, 404, { error: 'not found' });
  }

  server.listen(Number(env('HTTP_PORT')), env('HTTP_HOST'));
  sessions.start();
  process.once('SIGTERM', () => {
    void sessions
      .stop()
      .then(() => dataSource.destroy())
      .finally(() => process.exit(0));
  });
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
