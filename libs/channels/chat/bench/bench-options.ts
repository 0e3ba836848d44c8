import { parseArgs } from 'node:util';
import { TOPICS } from '@tributary/contracts';

export const USAGE = `usage: node tools/run.js libs/channels/chat/bench/chat-sockets.bench.ts [options]

Runs apps/chat-ingest and the router as their own processes (fresh databases on $DATABASE_URL's
server, $KAFKA_BROKERS), opens --sockets widget sockets at once (every other visitor signed by the
tenant, the rest anonymous), each sending --messages messages, one every --interval ms (open loop,
the first at a random offset); a message refused as unavailable or rate_limited is resent with the
same client message id after retryAfterMs, as the widget does. For every acknowledged message the bench publishes an agent's reply
(OutboundMessage v1, channel chat) as the router would. It prints:
  send -> ticket event   from the visitor's send to its ticket event on ${TOPICS.ticketEvents}
                         (--no-router: to its InboundMessage v1 on ${TOPICS.inbound} instead)
  send -> ack            from the first send to chat-ingest's ack (stored + Kafka acknowledged)
  reply -> visitor       from publishing the reply to the visitor's socket receiving it
  chat-ingest RSS        before the sockets, after they connected, and its peak (VmHWM)
  failures               refused sockets, error frames, missing acks, ticket events and replies
All sockets come from 127.0.0.1, so the bench sets CHAT_MAX_CONNECTIONS_PER_IP (and the per-visitor
message rate) above what it offers.

Needs KAFKA_BROKERS and DATABASE_URL, e.g. from
  node tools/run.js deploy/local/cli/stack.cli.ts start --name chatbench   (then export what it prints)

  --sockets <n>    Concurrent visitor sockets (default 1000)
  --messages <n>   Messages per visitor (default 3)
  --interval <ms>  Between one visitor's messages (default 5000; 1000 sockets: 200 messages/s)
  --drain <s>      How long to wait for what is outstanding after the last send (default 60)
  --no-router      Measure send -> inbound record on Kafka; the router is not started
  --short          A quick run: 50 sockets, 2 messages, 1000 ms apart
  --help           This text`;

export interface Options {
  readonly sockets: number;
  readonly messages: number;
  readonly intervalMs: number;
  readonly drainMs: number;
  readonly router: boolean;
}

/** The command line; undefined for --help. */
export function options(): Options | undefined {
  const { values } = parseArgs({
    options: {
      sockets: { type: 'string' },
      messages: { type: 'string' },
      interval: { type: 'string' },
      drain: { type: 'string', default: '60' },
      'no-router': { type: 'boolean', default: false },
      short: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const number = (raw: string | undefined, fallback: number, name: string): number => {
    const value = Number(raw ?? fallback);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
    return value;
  };
  return {
    sockets: number(values.sockets, values.short ? 50 : 1000, 'sockets'),
    messages: number(values.messages, values.short ? 2 : 3, 'messages'),
    intervalMs: number(values.interval, values.short ? 1000 : 5000, 'interval'),
    drainMs: number(values.drain, 60, 'drain') * 1000,
    router: !values['no-router'],
  };
}
