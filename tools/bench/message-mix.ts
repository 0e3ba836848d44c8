import { randomUUID } from 'node:crypto';
import { CHANNELS, type Channel, type InboundMessageV1Input } from '@tributary/contracts';
import { channelMessage, mixContact, type EmailThread, type MixContact } from './channel-message.factory';

/**
 * Shares of all records (redeliveries, cross-channel repeats), of new emails (replies to the
 * customer's last email) and of a customer's messages on their usual channel.
 */
export const MIX_SHARES = { redelivery: 0.1, crossChannelRepeat: 0.05, emailReply: 0.5, preferredChannel: 0.7 } as const;

export type MixKind = 'new' | 'email-reply' | 'cross-channel-repeat' | 'redelivery';

export interface MixRecord {
  readonly kind: MixKind;
  /** The Kafka key an ingest would use: tenant and first sender identity. */
  readonly key: string;
  readonly message: InboundMessageV1Input;
}

export interface MixOptions {
  /** Records in all, redeliveries included. */
  readonly messages: number;
  readonly tenantIds: readonly string[];
  /** Distinct customers, spread over the tenants; default a quarter of `messages`. */
  readonly contacts?: number;
  /** Seeds the choices (channels, contacts, positions); ids and trace ids are always fresh. */
  readonly seed?: number;
  readonly startAt?: Date;
}

export interface MessageMix {
  readonly records: readonly MixRecord[];
  /** Every distinct message produced (a redelivery repeats one of these). */
  readonly distinctMessageIds: ReadonlySet<string>;
  readonly counts: Readonly<Record<MixKind, number>>;
  readonly contacts: number;
}

// Phone-like channels share one contact (one number); email and chat share the email address.
const REPEAT_TARGETS: Partial<Record<Channel, readonly Channel[]>> = {
  sms: ['whatsapp', 'voice'],
  whatsapp: ['sms', 'voice'],
  voice: ['sms', 'whatsapp'],
  email: ['chat'],
  chat: ['email'],
};
const REQUESTS = [
  'Where is my parcel? It was due on Monday.',
  'I was charged twice for my last invoice, please refund one payment.',
  'How do I change the delivery address of my order?',
  'The item arrived damaged, the box was crushed.',
  'Can I still return the shoes I bought last week?',
  'My discount code is rejected at checkout.',
  'Please cancel my subscription from next month on.',
  'I never received the confirmation email for my order.',
];
const SUBJECTS = ['Parcel not delivered', 'Double charge', 'Change of address', 'Damaged item', 'Return request', 'Discount code', 'Cancellation', 'Missing confirmation'];

/** mulberry32: a small, fast, seedable generator; good enough for picking channels and contacts. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** `count` distinct integers from [from, to), in random order. */
function sample(random: () => number, from: number, to: number, count: number): number[] {
  const pool = Array.from({ length: Math.max(0, to - from) }, (_, index) => from + index);
  const taken = Math.min(count, pool.length);
  for (let i = 0; i < taken; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  return pool.slice(0, taken);
}

function toRecord(kind: MixKind, message: InboundMessageV1Input): MixRecord {
  const first = message.sender.identities[0];
  return { kind, key: `${message.tenantId}:${first?.value ?? ''}`, message };
}

/**
 * A realistic stream of inbound records: all eight channels, many customers over several tenants,
 * email threads (replies whose In-Reply-To names an earlier email of the same customer), 5 %
 * cross-channel repeats (same customer, same words, another channel) and 10 % redeliveries (the
 * exact same record again, a little later).
 */
export function generateMessageMix(options: MixOptions): MessageMix {
  if (options.tenantIds.length === 0) throw new Error('the mix needs at least one tenant');
  const random = seededRandom(options.seed ?? 1);
  const total = options.messages;
  const redeliveries = Math.round(total * MIX_SHARES.redelivery);
  const distinct = total - redeliveries;
  const repeats = Math.round(total * MIX_SHARES.crossChannelRepeat);
  const contacts = Array.from({ length: Math.max(1, options.contacts ?? Math.ceil(total / 4)) }, (_, index) =>
    mixContact(options.tenantIds[index % options.tenantIds.length] as string, index),
  );
  const startAt = (options.startAt ?? new Date()).getTime();
  const repeatSlots = new Set(sample(random, 1, distinct, repeats));
  const lastEmail = new Map<MixContact, EmailThread>();
  const repeatable: { channel: Channel; contact: MixContact; text: string }[] = [];
  const originals: MixRecord[] = [];
  let pendingRepeats = 0;

  for (let index = 0; index < distinct; index += 1) {
    const at = new Date(startAt + index);
    if (repeatSlots.has(index)) pendingRepeats += 1;
    if (pendingRepeats > 0 && repeatable.length > 0) {
      // Repeat a recent message: the router looks for repeats within an hour.
      const original = repeatable[repeatable.length - 1 - Math.floor(random() * Math.min(200, repeatable.length))];
      if (original) {
        const channel = pick(random, REPEAT_TARGETS[original.channel] ?? []);
        originals.push(toRecord('cross-channel-repeat', channelMessage(channel, original.contact, original.text, at, emailThread(channel, original.contact, lastEmail, 1, index))));
        pendingRepeats -= 1;
        continue;
      }
    }
    const contact = pick(random, contacts);
    // Customers mostly stay with their channel (so email threads grow), sometimes switch.
    const channel = random() < MIX_SHARES.preferredChannel ? (CHANNELS[contact.index % CHANNELS.length] as Channel) : pick(random, CHANNELS);
    const text = `${pick(random, REQUESTS)} Order ${100_000 + index}.`;
    const thread = emailThread(channel, contact, lastEmail, random(), index);
    originals.push(toRecord(thread?.inReplyTo ? 'email-reply' : 'new', channelMessage(channel, contact, text, at, thread)));
    if (REPEAT_TARGETS[channel]) repeatable.push({ channel, contact, text });
  }

  const positioned = originals.map((record, index) => ({ at: index, record }));
  for (const index of sample(random, 0, distinct, redeliveries)) {
    const record = originals[index] as MixRecord;
    positioned.push({ at: index + 0.5 + Math.floor(random() * 500), record: { ...record, kind: 'redelivery' } });
  }
  positioned.sort((a, b) => a.at - b.at);
  const records = positioned.map((entry) => entry.record);
  const counts: Record<MixKind, number> = { new: 0, 'email-reply': 0, 'cross-channel-repeat': 0, redelivery: 0 };
  for (const record of records) counts[record.kind] += 1;
  return { records, distinctMessageIds: new Set(originals.map((record) => record.message.messageId)), counts, contacts: contacts.length };
}

/** Threading for an email: a reply to the customer's last email (share `emailReply`), or a new thread. */
function emailThread(channel: Channel, contact: MixContact, lastEmail: Map<MixContact, EmailThread>, roll: number, index: number): EmailThread | undefined {
  if (channel !== 'email') return undefined;
  const parent = lastEmail.get(contact);
  const messageId = `${randomUUID()}@mail.example.org`;
  const thread: EmailThread =
    parent && roll < MIX_SHARES.emailReply
      ? { messageId, inReplyTo: parent.messageId, references: [...parent.references, parent.messageId].slice(-20), subject: `Re: ${parent.subject.replace(/^Re: /, '')}` }
      : { messageId, references: [], subject: SUBJECTS[index % SUBJECTS.length] as string };
  lastEmail.set(contact, thread);
  return thread;
}
