import { CHANNELS, InboundMessageV1, parseContract } from '@tributary/contracts';
import { generateMessageMix, MIX_SHARES, type MixRecord } from './message-mix';

describe('generateMessageMix', () => {
  const tenantIds = ['bench-spec-t0', 'bench-spec-t1', 'bench-spec-t2'];
  const mix = generateMessageMix({ messages: 2_000, tenantIds, seed: 7 });
  const byId = new Map<string, MixRecord>();
  for (const record of mix.records) if (record.kind !== 'redelivery') byId.set(record.message.messageId, record);

  it('produces exactly the requested number of records, 10 % of them redeliveries and 5 % cross-channel repeats', () => {
    expect(mix.records).toHaveLength(2_000);
    expect(mix.counts.redelivery).toBe(2_000 * MIX_SHARES.redelivery);
    expect(mix.counts['cross-channel-repeat']).toBe(2_000 * MIX_SHARES.crossChannelRepeat);
    expect(mix.distinctMessageIds.size).toBe(1_800);
    expect(byId.size).toBe(1_800);
  });

  it('gives every record a message that passes InboundMessage v1', () => {
    for (const record of mix.records) expect(() => parseContract(InboundMessageV1, record.message)).not.toThrow();
  });

  it('uses all eight channels, several tenants and a quarter as many contacts as messages', () => {
    expect(new Set(mix.records.map((record) => record.message.channel))).toEqual(new Set(CHANNELS));
    expect(new Set(mix.records.map((record) => record.message.tenantId))).toEqual(new Set(tenantIds));
    expect(mix.contacts).toBe(500);
    const customers = new Set(mix.records.map((record) => record.message.sender.displayName));
    expect(customers.size).toBeGreaterThan(450);
  });

  it('redelivers the exact same record, after the original', () => {
    const seen = new Map<string, string>();
    for (const record of mix.records) {
      const bytes = JSON.stringify(record.message);
      if (record.kind === 'redelivery') {
        expect(seen.get(record.message.messageId)).toBe(bytes);
      } else {
        seen.set(record.message.messageId, bytes);
      }
    }
  });

  it('gives fresh ids, dedupe keys and trace ids to every distinct message', () => {
    const originals = [...byId.values()];
    expect(new Set(originals.map((record) => `${record.message.tenantId}|${record.message.dedupeKey}`)).size).toBe(originals.length);
    expect(new Set(originals.map((record) => record.message.traceId)).size).toBe(originals.length);
    for (const record of originals) expect(record.message.traceId).toMatch(/^[0-9a-f]{32}$/);
    const again = generateMessageMix({ messages: 10, tenantIds, seed: 7 });
    expect(again.records.some((record) => byId.has(record.message.messageId))).toBe(false);
  });

  it('repeats the words of an earlier message of the same customer on another channel', () => {
    const repeats = mix.records.filter((record) => record.kind === 'cross-channel-repeat');
    const earlier = mix.records.filter((record) => record.kind !== 'cross-channel-repeat');
    for (const repeat of repeats) {
      const original = earlier.find(
        (record) =>
          record.message.text === repeat.message.text &&
          record.message.tenantId === repeat.message.tenantId &&
          record.message.channel !== repeat.message.channel &&
          record.message.sender.displayName === repeat.message.sender.displayName,
      );
      expect(original).toBeDefined();
    }
  });

  it('threads email replies: In-Reply-To names an earlier email of the same customer', () => {
    const replies = mix.records.filter((record) => record.kind === 'email-reply');
    expect(replies.length).toBeGreaterThan(20);
    const emailsSoFar = new Map<string, MixRecord>();
    for (const record of mix.records) {
      const thread = record.message.thread;
      if (record.kind === 'email-reply') {
        const parent = emailsSoFar.get(thread.inReplyTo ?? '');
        expect(parent?.message.sender.identities).toEqual(record.message.sender.identities);
        expect(parent?.message.tenantId).toBe(record.message.tenantId);
        expect(record.message.subject).toMatch(/^Re: /);
        expect(thread.references?.at(-1)).toBe(thread.inReplyTo);
      }
      if (record.message.channel === 'email' && thread.messageId) emailsSoFar.set(thread.messageId, record);
    }
  });
});
