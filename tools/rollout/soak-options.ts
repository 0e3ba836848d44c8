import { ROLLOUT_CHANNELS, type RolloutChannel } from './channel-input.factory';
import { numberFlag, readFlags, stackNameFlag } from './cli-flags.util';
import { HarnessUsageError } from './harness-usage.error';

/** Relative weights of the channels in the load (by customers, and so by inputs). */
export type ChannelMix = Readonly<Record<RolloutChannel, number>>;

/** What one soak does; every field has a command-line option. */
export interface SoakOptions {
  /** Length of the load. */
  readonly minutes: number;
  /** Inputs per second asked across all channels. */
  readonly rate: number;
  readonly mix: ChannelMix;
  /** Customers across all channels, each sending in order; by default two seconds' worth of the rate. */
  readonly customers: number | undefined;
  /** Seconds into the load when the broker is SIGKILLed (default: 35 % of the way), and how long it stays down. */
  readonly brokerKillAt: number | undefined;
  readonly brokerDownSeconds: number;
  /** Seconds into the load when a router replica is SIGKILLed (default: 65 % of the way), and how long until it is started again. */
  readonly routerKillAt: number | undefined;
  readonly routerDownSeconds: number;
  /** Replicas of each app. */
  readonly replicas: number;
  /** `smtp`: mail pushed to email-ingest's inbound SMTP servers; `imap`: mail delivered to GreenMail and polled. */
  readonly emailVia: 'smtp' | 'imap';
  /** Seconds between two memory samples. */
  readonly sampleSeconds: number;
  readonly stack: string;
  readonly keepStack: boolean;
}

export const DEFAULT_SOAK_OPTIONS: SoakOptions = {
  minutes: 10,
  rate: 1000,
  mix: { sms: 1, whatsapp: 0, email: 1 },
  customers: undefined,
  brokerKillAt: undefined,
  brokerDownSeconds: 5,
  routerKillAt: undefined,
  routerDownSeconds: 5,
  replicas: 2,
  emailVia: 'smtp',
  sampleSeconds: 5,
  stack: 'soak',
  keepStack: false,
};

export const SOAK_HELP = `usage: ./tributary soak [options]

A soak under real faults, on this machine with real processes: a stack of its own (Kafka and
PostgreSQL; GreenMail too with --email-via imap), each app's own database, ${DEFAULT_SOAK_OPTIONS.replicas} replicas each of the
router, voice-ingest and email-ingest, and a steady stream of numbered inputs: signed Twilio SMS
webhooks posted to the voice-ingest replicas in turn, and mail pushed over SMTP to the email-ingest
replicas' inbound SMTP servers (a sending MTA's pooled connections). Half SMS, half email by
default (--mix). Each customer sends in order, on a fixed schedule (it never slips: a customer held
up catches up at once). In the middle the Kafka broker is SIGKILLed and started again, and later a
router replica is SIGKILLed and started again (each after a pause, as the kubelet would).

Every refused attempt (non-2xx, SMTP 4xx, a network error, no answer to a webhook in 20 s or to
a mail in 60 s) is counted and printed as a failure, then sent again unchanged as the provider
would: a sending MTA queues and retries a 4xx; Twilio retries a webhook when the number's URL
carries connection overrides (#rc/#rp), without them each refused SMS would be lost to Twilio's
error log. Inside the apps, the Kafka producer's own retries (idempotent, acks=all) are not
counted: they show as latency.

Afterwards the fault suite's exactly-once oracle judges the run: every acknowledged input stored
once (lost = 0, duplicated = 0) and announced on tributary.tickets.v1, no contact with two open
tickets, ticket events unique and gap-free, each customer's messages in order. Prints the verdict,
latency p50/p99 from each input's scheduled send to its ticket event, the rate asked, sent,
acknowledged and announced, failures, the durability settings (acks, replication,
synchronous_commit, spool), each process's memory (RSS) before, after and at its peak, and a
timeline. Exit code 0 only for a clean verdict. On two shared cores 1,000 inputs/s may not be
reachable: the report says what was.

options:
  --minutes M          length of the load (default ${DEFAULT_SOAK_OPTIONS.minutes}; decimals allowed)
  --rate N             inputs per second asked across all channels (default ${DEFAULT_SOAK_OPTIONS.rate})
  --mix SPEC           channel weights, e.g. sms=3,email=1 or sms=1,email=1,whatsapp=1
                       (default sms=1,email=1; WhatsApp Cloud webhooks need social-ingest, started then)
  --customers N        customers across all channels (default: twice the rate, each sends every 2 s)
  --broker-kill-at S   seconds into the load when the Kafka broker is SIGKILLed (default 35 % in)
  --broker-down S      seconds before it is started again (default ${DEFAULT_SOAK_OPTIONS.brokerDownSeconds})
  --router-kill-at S   seconds into the load when router replica 1 is SIGKILLed (default 65 % in)
  --router-down S      seconds before it is started again (default ${DEFAULT_SOAK_OPTIONS.routerDownSeconds})
  --replicas N         replicas of each app (default ${DEFAULT_SOAK_OPTIONS.replicas})
  --email-via smtp|imap  smtp: pushed to email-ingest (default); imap: into GreenMail, polled
  --sample S           seconds between memory samples (default ${DEFAULT_SOAK_OPTIONS.sampleSeconds})
  --stack NAME         local stack to start or reuse (default ${DEFAULT_SOAK_OPTIONS.stack})
  --keep-stack         leave the stack running afterwards
  -h, --help           this text
`;

const VALUE_FLAGS = ['--minutes', '--rate', '--mix', '--customers', '--broker-kill-at', '--broker-down', '--router-kill-at', '--router-down', '--replicas', '--email-via', '--sample', '--stack'];

/** Reads the command line; throws HarnessUsageError naming the bad option. */
export function parseSoakOptions(argv: readonly string[]): SoakOptions {
  const flags = readFlags(argv, VALUE_FLAGS, ['--keep-stack']);
  const d = DEFAULT_SOAK_OPTIONS;
  const minutes = numberFlag(flags, '--minutes', 'positive') ?? d.minutes;
  const within = (flag: string): number | undefined => {
    const at = numberFlag(flags, flag, 'not-negative');
    if (at !== undefined && at >= minutes * 60) throw new HarnessUsageError(`${flag} must fall inside the load (${minutes * 60} s), got "${at}"`);
    return at;
  };
  const emailVia = flags.values.get('--email-via') ?? d.emailVia;
  if (emailVia !== 'smtp' && emailVia !== 'imap') throw new HarnessUsageError(`--email-via takes smtp or imap, got "${emailVia}"`);
  return {
    minutes,
    rate: numberFlag(flags, '--rate', 'positive') ?? d.rate,
    mix: flags.values.has('--mix') ? parseMix(flags.values.get('--mix') ?? '') : d.mix,
    customers: numberFlag(flags, '--customers', 'whole'),
    brokerKillAt: within('--broker-kill-at'),
    brokerDownSeconds: numberFlag(flags, '--broker-down', 'not-negative') ?? d.brokerDownSeconds,
    routerKillAt: within('--router-kill-at'),
    routerDownSeconds: numberFlag(flags, '--router-down', 'not-negative') ?? d.routerDownSeconds,
    replicas: numberFlag(flags, '--replicas', 'whole') ?? d.replicas,
    emailVia,
    sampleSeconds: numberFlag(flags, '--sample', 'positive') ?? d.sampleSeconds,
    stack: stackNameFlag(flags, d.stack),
    keepStack: flags.switches.has('--keep-stack'),
  };
}

/** `sms=3,email=1` → weights; channels not named weigh nothing, at least one must weigh something. */
export function parseMix(raw: string): ChannelMix {
  const mix: Record<RolloutChannel, number> = { sms: 0, whatsapp: 0, email: 0 };
  for (const part of raw.split(',')) {
    const [channel = '', weight = ''] = part.split('=').map((piece) => piece.trim());
    const value = Number(weight);
    if (!isChannel(channel) || weight === '' || !Number.isFinite(value) || value < 0) {
      throw new HarnessUsageError(`--mix takes channel=weight pairs of ${ROLLOUT_CHANNELS.join(', ')}, e.g. sms=1,email=1; got "${raw}"`);
    }
    mix[channel] = value;
  }
  if (ROLLOUT_CHANNELS.every((channel) => mix[channel] === 0)) throw new HarnessUsageError(`--mix gives every channel weight 0: "${raw}"`);
  return mix;
}

function isChannel(value: string): value is RolloutChannel {
  return (ROLLOUT_CHANNELS as readonly string[]).includes(value);
}
