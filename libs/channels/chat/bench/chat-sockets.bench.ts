import { randomUUID } from 'node:crypto';
import { OutboundMessageV1, TOPICS, type OutboundMessageV1Input } from '@tributary/contracts';
import { ContractPublisher, toKafkaJsConfig } from '@tributary/platform-kafka';
import { APP_CONSUMER_GROUPS, createTestDatabase, ownConsumerGroups, readTopic, startAppProcess, startRouterForTenant, waitFor } from '@tributary/platform-testing';
import { SignJWT } from 'jose';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { CHAT_INGEST_MIGRATIONS } from '../src/persistence/chat-migrations';
import { latencyLine, processMemory } from './bench-figures';
import { options, USAGE, type Options } from './bench-options';
import { BenchVisitor } from './bench-visitor';

const TENANT = `chatbench-${randomUUID().slice(0, 8)}`;
const TENANT_SECRET = `bench-tenant-secret-${randomUUID()}`;
const ANONYMOUS_SECRET = `bench-anonymous-secret-${randomUUID()}`;
const CONNECT_WAVE = 100;

async function main(): Promise<void> {
  const opts = options();
  if (!opts) return void process.stdout.write(`${USAGE}\n`);
  const brokers = process.env['KAFKA_BROKERS'];
  if (!brokers || !process.env['DATABASE_URL']) throw new Error('KAFKA_BROKERS and DATABASE_URL must be set (see --help)');
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const router = opts.router ? await startRouterForTenant(TENANT, 'chat_bench_router') : undefined;
    if (router) cleanups.unshift(() => router.stop());
    const database = await createTestDatabase('chat_bench', { migrations: CHAT_INGEST_MIGRATIONS });
    cleanups.unshift(() => database.drop());
    const groups = await ownConsumerGroups(`chat-bench-${randomUUID().slice(0, 8)}`, APP_CONSUMER_GROUPS['chat-ingest']);
    const chat = await startAppProcess('chat-ingest', {
      env: {
        LOG_LEVEL: 'warn',
        DATABASE_URL: database.url,
        CHAT_TENANTS: JSON.stringify({ [TENANT]: { origins: ['*'], anonymous: true } }),
        CHAT_TENANT_SECRETS: `${TENANT}:${TENANT_SECRET}`,
        CHAT_ANONYMOUS_TOKEN_SECRETS: ANONYMOUS_SECRET,
        // Every bench socket comes from 127.0.0.1: the per-address limit (default 20) would refuse all but 20.
        CHAT_MAX_CONNECTIONS_PER_IP: String(opts.sockets + 10),
        CHAT_MAX_CONNECTIONS_PER_TENANT: String(opts.sockets + 10),
        CHAT_MESSAGES_PER_MINUTE: String(Math.max(30, opts.messages * 2)),
        // On a busy machine a wave of hellos may queue behind each other for seconds.
        CHAT_HELLO_TIMEOUT_MS: '60000',
        ...groups.env,
      },
      readyTimeoutMs: 120_000,
    });
    cleanups.unshift(() => chat.stop());
    process.stdout.write(`chat-ingest pid ${chat.pid}${router ? `, router pid ${router.process.pid}` : ' (no router)'}; logs ${chat.logFile}\n`);
    await run(opts, brokers, chat.baseUrl, chat.pid, cleanups);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => process.stderr.write(`cleanup: ${String(error)}\n`));
  }
}

async function run(opts: Options, brokers: string, baseUrl: string, chatPid: number, cleanups: (() => Promise<unknown>)[]): Promise<void> {
  // By message text: the router numbers its messages itself, so a ticket event's messageId is not the inbound record's.
  const sentAt = new Map<string, number>();
  const sentByClientId = new Map<string, { at: number; conversationId: string; visitorId: string; visitor: BenchVisitor; text: string }>();
  const ackLatencies: number[] = [];
  const pipelineLatencies: number[] = [];
  const replyLatencies: number[] = [];
  const publishedAt = new Map<string, number>(); // by reply text
  const errorFrames = new Map<string, number>();
  let unexpectedCloses = 0;
  let publishFailures = 0;

  const watched = opts.router ? TOPICS.ticketEvents : TOPICS.inbound;
  const reader: Consumer = await readTopic(brokers, watched, (record) => {
    if (record.value['tenantId'] !== TENANT) return;
    const text = opts.router ? (record.value['message'] as { text?: string } | undefined)?.text : (record.value['text'] as string | undefined);
    const at = text === undefined ? undefined : sentAt.get(text);
    if (text === undefined || at === undefined) return;
    sentAt.delete(text);
    pipelineLatencies.push(performance.now() - at);
  });
  cleanups.unshift(() => reader.disconnect());
  const kafka = new Kafka({ ...toKafkaJsConfig({ clientId: 'chat-bench', brokers: brokers.split(',') }), logLevel: logLevel.NOTHING });
  const publisher = new ContractPublisher(kafka);
  cleanups.unshift(() => publisher.close());

  // Replies are published in batches as acks arrive, the way the router's relay publishes them.
  let pendingReplies: OutboundMessageV1Input[] = [];
  const flush = async (): Promise<void> => {
    const batch = pendingReplies;
    pendingReplies = [];
    if (batch.length === 0) return;
    const at = performance.now();
    for (const reply of batch) publishedAt.set(reply.text, at);
    await publisher.publish(TOPICS.outbound, OutboundMessageV1, batch.map((value) => ({ key: value.ticketId, value }))).catch(() => {
      publishFailures += batch.length;
      for (const reply of batch) publishedAt.delete(reply.text);
    });
  };
  let flushing = Promise.resolve();
  const flusher = setInterval(() => void (flushing = flushing.then(flush)), 50);
  cleanups.unshift(() => Promise.resolve(clearInterval(flusher)));

  const events = {
    onAck: (clientMessageId: string): void => {
      const sent = sentByClientId.get(clientMessageId);
      if (!sent) return;
      sentByClientId.delete(clientMessageId);
      ackLatencies.push(performance.now() - sent.at);
      pendingReplies.push(reply(sent.conversationId, sent.visitorId, `reply to ${clientMessageId}`));
    },
    onReply: (text: string): void => {
      const at = publishedAt.get(text);
      if (at === undefined) return;
      publishedAt.delete(text);
      replyLatencies.push(performance.now() - at);
    },
    onErrorFrame: (code: string, clientMessageId: string | undefined, retryAfterMs: number | undefined): void => {
      errorFrames.set(code, (errorFrames.get(code) ?? 0) + 1);
      const sent = clientMessageId === undefined ? undefined : sentByClientId.get(clientMessageId);
      if (!sent || clientMessageId === undefined || (code !== 'unavailable' && code !== 'rate_limited')) return;
      setTimeout(() => sent.visitor.send(clientMessageId, sent.text), retryAfterMs ?? 2_000);
    },
    onUnexpectedClose: (): void => void (unexpectedCloses += 1),
  };

  const memoryBefore = processMemory(chatPid);
  const socketUrl = `${baseUrl.replace(/^http/, 'ws')}/chat/socket?tenant=${encodeURIComponent(TENANT)}`;
  const visitors: { visitor: BenchVisitor; welcome: { conversationId: string; visitorId: string } }[] = [];
  const all: BenchVisitor[] = [];
  cleanups.unshift(() => Promise.all(all.map((visitor) => visitor.close())));
  const refusals = new Map<string, number>();
  const connectStarted = performance.now();
  for (let wave = 0; wave < opts.sockets; wave += CONNECT_WAVE) {
    const count = Math.min(CONNECT_WAVE, opts.sockets - wave);
    const tokens = await Promise.all(Array.from({ length: count }, (_, index) => ((wave + index) % 2 === 0 ? signedToken(`bench-user-${wave + index}`) : Promise.resolve(undefined))));
    const opened = tokens.map((token) => new BenchVisitor(socketUrl, token, events));
    all.push(...opened);
    const settled = await Promise.allSettled(opened.map((visitor) => visitor.welcomed));
    settled.forEach((outcome, index) => {
      const visitor = opened[index];
      if (outcome.status === 'fulfilled' && visitor) visitors.push({ visitor, welcome: outcome.value });
      else if (outcome.status === 'rejected') {
        const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
        refusals.set(reason, (refusals.get(reason) ?? 0) + 1);
      }
    });
  }
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  const memoryConnected = processMemory(chatPid);
  process.stdout.write(`${visitors.length}/${opts.sockets} sockets welcomed in ${connectSeconds.toFixed(1)} s; sending ${opts.messages} message(s) each, ${opts.intervalMs} ms apart\n`);

  // Open loop: each visitor's messages leave on schedule whatever the answers do.
  const started = performance.now();
  let sends = 0;
  const schedule = visitors.flatMap(({ visitor, welcome }, index) => {
    const offset = Math.random() * opts.intervalMs;
    return Array.from({ length: opts.messages }, (_, n) => ({ at: started + offset + n * opts.intervalMs, visitor, welcome, clientMessageId: `bench-${index}-${n}-${randomUUID().slice(0, 8)}` }));
  });
  schedule.sort((a, b) => a.at - b.at);
  for (const item of schedule) {
    const wait = item.at - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const now = performance.now();
    const text = `benchmark message ${item.clientMessageId}`;
    sentByClientId.set(item.clientMessageId, { at: now, conversationId: item.welcome.conversationId, visitorId: item.welcome.visitorId, visitor: item.visitor, text });
    sentAt.set(text, now);
    item.visitor.send(item.clientMessageId, text);
    sends += 1;
  }
  const sendSeconds = (performance.now() - started) / 1000;
  const outstanding = (): number => sentByClientId.size + sentAt.size + publishedAt.size + pendingReplies.length;
  await waitFor('everything outstanding', () => outstanding() === 0, opts.drainMs, 200).catch(() => undefined);
  await flushing;
  const memoryEnd = processMemory(chatPid);

  const errors = [...errorFrames].map(([code, count]) => `${code} ${count}`).join(', ') || '0';
  const refused = [...refusals].map(([reason, count]) => `${count} × ${reason}`).join('; ') || '0';
  process.stdout.write(
    [
      `sockets ${opts.sockets} (half signed, half anonymous), messages sent ${sends} in ${sendSeconds.toFixed(1)} s (${(sends / sendSeconds).toFixed(0)}/s)`,
      `send -> ack ms:            ${latencyLine(ackLatencies)}`,
      `send -> ${opts.router ? 'ticket event' : 'inbound record'} ms:   ${latencyLine(pipelineLatencies)}`,
      `reply -> visitor ms:       ${latencyLine(replyLatencies)}`,
      `chat-ingest RSS MiB:       before ${memoryBefore.rssMiB.toFixed(0)}, ${visitors.length} sockets open ${memoryConnected.rssMiB.toFixed(0)}, end ${memoryEnd.rssMiB.toFixed(0)}, peak (VmHWM) ${memoryEnd.peakMiB.toFixed(0)}`,
      `failures: refused sockets ${refused}; error frames (unavailable and rate_limited resent) ${errors}; closed after welcome ${unexpectedCloses}; missing acks ${sentByClientId.size}; ` +
        `missing ${opts.router ? 'ticket events' : 'inbound records'} ${sentAt.size}; reply publish failures ${publishFailures}; missing replies ${publishedAt.size + pendingReplies.length}`,
    ].join('\n') + '\n',
  );
}

function signedToken(sub: string): Promise<string> {
  return new SignJWT({ email: `${sub}@bench.example` })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(TENANT_SECRET));
}

function reply(conversationId: string, visitorId: string, text: string): OutboundMessageV1Input {
  return {
    schemaVersion: 1,
    outboundId: randomUUID(),
    tenantId: TENANT,
    ticketId: randomUUID(),
    channel: 'chat',
    provider: 'chat',
    to: { kind: 'chat-user', value: visitorId, verified: !visitorId.startsWith('anon-') },
    from: { address: 'web-widget' },
    text,
    thread: { conversationId },
    author: { kind: 'agent', id: 'bench-agent', displayName: 'Bench' },
    autoSubmitted: false,
    requestedAt: new Date().toISOString(),
    traceId: randomUUID().replaceAll('-', ''),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
