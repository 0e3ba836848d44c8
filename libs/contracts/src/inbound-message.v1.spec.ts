import { CHANNELS } from './channel';
import { parseContract } from './contract';
import { ContractValidationError } from './contract-validation.error';
import { InboundMessageV1 } from './contracts';
import { INBOUND_FIXTURES } from './fixtures/inbound-message.fixtures';
import { InboundMessageV1Input } from './inbound-message.v1';

function withChanges(base: InboundMessageV1Input, change: (draft: Record<string, unknown>) => void): unknown {
  const draft = structuredClone(base) as unknown as Record<string, unknown>;
  change(draft);
  return draft;
}

function issuePaths(value: unknown): string[] {
  try {
    parseContract(InboundMessageV1, value);
  } catch (error) {
    if (error instanceof ContractValidationError) return error.issues.map((issue) => issue.path);
    throw error;
  }
  throw new Error('expected the message to be rejected');
}

describe('InboundMessage v1', () => {
  it.each(CHANNELS)('accepts the %s fixture and applies defaults', (channel) => {
    const parsed = parseContract(InboundMessageV1, INBOUND_FIXTURES[channel]);
    expect(parsed.channel).toBe(channel);
    expect(Array.isArray(parsed.attachments)).toBe(true);
    expect(Array.isArray(parsed.thread.references)).toBe(true);
  });

  it('names the field when a phone identity is not E.164', () => {
    const message = withChanges(INBOUND_FIXTURES.sms, (draft) => {
      draft['sender'] = { identities: [{ kind: 'phone', value: '0151 1234 5678' }] };
    });
    expect(() => parseContract(InboundMessageV1, message)).toThrow(/sender\.identities\[0\]\.value: must be a phone number in E\.164/);
  });

  it('rejects an upper-case email identity, so case never splits a contact', () => {
    const message = withChanges(INBOUND_FIXTURES.email, (draft) => {
      draft['sender'] = { identities: [{ kind: 'email', value: 'Jane.Doe@Example.org' }] };
    });
    expect(issuePaths(message)).toEqual(['sender.identities[0].value']);
  });

  it('names every missing required field', () => {
    const message = withChanges(INBOUND_FIXTURES.chat, (draft) => {
      delete draft['tenantId'];
      delete draft['dedupeKey'];
    });
    expect(issuePaths(message).sort()).toEqual(['dedupeKey', 'tenantId']);
  });

  it('rejects an unknown channel', () => {
    const message = withChanges(INBOUND_FIXTURES.chat, (draft) => {
      draft['channel'] = 'pigeon';
    });
    expect(issuePaths(message)).toEqual(['channel']);
  });

  it('requires call details on the voice channel', () => {
    const message = withChanges(INBOUND_FIXTURES.voice, (draft) => {
      delete draft['voice'];
    });
    expect(() => parseContract(InboundMessageV1, message)).toThrow('voice: is required when channel is "voice"');
  });

  it('rejects a sender without identities', () => {
    const message = withChanges(INBOUND_FIXTURES.telegram, (draft) => {
      draft['sender'] = { identities: [] };
    });
    expect(issuePaths(message)).toEqual(['sender.identities']);
  });

  it('rejects a malformed trace id and timestamp', () => {
    const message = withChanges(INBOUND_FIXTURES.whatsapp, (draft) => {
      draft['traceId'] = 'not-a-trace';
      draft['receivedAt'] = 'yesterday';
    });
    expect(issuePaths(message).sort()).toEqual(['receivedAt', 'traceId']);
  });

  it('rejects text over the size limit', () => {
    const message = withChanges(INBOUND_FIXTURES.messenger, (draft) => {
      draft['text'] = 'x'.repeat(256 * 1024 + 1);
    });
    expect(issuePaths(message)).toEqual(['text']);
  });

  it('rejects another schema version', () => {
    const message = withChanges(INBOUND_FIXTURES.instagram, (draft) => {
      draft['schemaVersion'] = 2;
    });
    expect(issuePaths(message)).toEqual(['schemaVersion']);
  });
});
