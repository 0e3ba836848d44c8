import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { CHANNELS } from './channel';
import { z } from 'zod';
import { defineContract, parseContract } from './contract';
import { renderContractDocuments, toJsonSchema } from './contract-documents';
import { ContractValidationError } from './contract-validation.error';
import { DeliveryStatusV1, InboundMessageV1 } from './contracts';
import { CONTRACTS_DOCUMENT_VERSION } from './index';
import { INBOUND_FIXTURES, outboundReplyFixture } from './testing';

const generatedDir = join(__dirname, '..', 'generated');

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

describe('generated contract documents', () => {
  const rendered = renderContractDocuments(CONTRACTS_DOCUMENT_VERSION);

  it('are committed exactly as the schemas generate them (run `npm run contracts:generate` when this fails)', () => {
    expect(listFiles(generatedDir).sort()).toEqual([...rendered.keys()].sort());
    for (const [relativePath, content] of rendered) {
      expect({ file: relativePath, content: readFileSync(join(generatedDir, relativePath), 'utf8') }).toEqual({
        file: relativePath,
        content,
      });
    }
  });

  it('describe every topic in the AsyncAPI document', () => {
    const asyncApi = rendered.get('asyncapi.yaml') ?? '';
    for (const topic of ['tributary.inbound.v1', 'tributary.inbound.dlq.v1', 'tributary.tickets.v1', 'tributary.tickets.state.v1', 'tributary.outbound.v1', 'tributary.delivery.v1', 'tributary.attachments.v1']) {
      expect(asyncApi).toContain(`address: ${topic}`);
    }
  });

  it('refuse to publish a schema looser than its contract: a refinement without its JSON Schema fails the generation', () => {
    const loose = defineContract('Loose', 1, z.object({ code: z.string().refine((code) => code.startsWith('X'), 'must start with X') }));
    expect(() => toJsonSchema(loose)).toThrow('Loose v1: the refinement at /properties/code has no JSON Schema');
  });

  it('mark fields with defaults as optional for producers in other languages', () => {
    const schema = toJsonSchema(InboundMessageV1) as { required?: string[] };
    expect(schema.required).toContain('dedupeKey');
    expect(schema.required).not.toContain('attachments');
  });
});

describe('the published JSON Schemas', () => {
  // ajv 6 implements draft-07, whose meaning of every keyword these schemas use is the same in
  // 2020-12; strictKeywords makes it fail on any keyword it does not know instead of ignoring it.
  const ajv = new Ajv({ allErrors: true, validateSchema: false, strictKeywords: true });
  const published = (fileName: string) => ajv.compile(JSON.parse(readFileSync(join(generatedDir, 'json-schema', fileName), 'utf8')) as object);
  const inbound = published('inbound-message.v1.schema.json');
  const outbound = published('outbound-message.v1.schema.json');
  const delivery = published('delivery-status.v1.schema.json');
  const { voice: _voice, ...voiceWithoutCall } = INBOUND_FIXTURES.voice;

  it.each(CHANNELS)('accept a valid %s message', (channel) => {
    expect({ channel, valid: inbound(INBOUND_FIXTURES[channel]), errors: inbound.errors ?? null }).toEqual({ channel, valid: true, errors: null });
  });

  it.each<[string, unknown]>([
    ['a reason on a message that is not flagged', { ...INBOUND_FIXTURES.email, autoSubmitted: { flagged: false, reason: 'bounce' } }],
    ['a voice message without its call', voiceWithoutCall],
    ['more than 64 extras', { ...INBOUND_FIXTURES.sms, extras: Object.fromEntries(Array.from({ length: 65 }, (_, index) => [`key${index}`, index])) }],
    ['an email address with capitals', { ...INBOUND_FIXTURES.email, sender: { identities: [{ kind: 'email', value: 'Jane.Doe@example.org' }] } }],
  ])('refuse %s, which the router dead-letters', (_case, record) => {
    expect(() => parseContract(InboundMessageV1, record)).toThrow(ContractValidationError);
    expect(inbound(record)).toBe(false);
  });

  it.each([
    ['"john smith"@example.com', true],
    ['jane@bücher.example', true],
    ['jane@xn--bcher-kva.example', true],
    ['jane@example.com.', true],
    ['"John Smith"@example.com', false],
    ['john smith@example.com', false],
    ['jane@[192.0.2.1]', false],
  ])('agree with the contract on the email identity %s (%p)', (value, valid) => {
    const record = { ...INBOUND_FIXTURES.email, sender: { identities: [{ kind: 'email', value }] } };
    expect(inbound(record)).toBe(valid);
    expect(InboundMessageV1.schema.safeParse(record).success).toBe(valid);
  });

  it('refuse a failed delivery without its error, which the router dead-letters', () => {
    const failed = { schemaVersion: 1, statusId: '2b1f0c9e-8d7a-4c6b-9a5f-4e3d2c1b0a99', outboundId: '7f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', tenantId: 'acme', ticketId: '1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d', channel: 'sms', provider: 'twilio', state: 'failed', occurredAt: '2026-12-07T10:00:05Z', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' };
    expect(delivery({ ...failed, error: { code: '30003', message: 'Unreachable destination handset' } })).toBe(true);
    expect(() => parseContract(DeliveryStatusV1, failed)).toThrow(ContractValidationError);
    expect(delivery(failed)).toBe(false);
  });

  it('state the attachment rules: a reason for a failed one, a reference only for a stored one', () => {
    const announced = { attachmentId: 'ff1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6', state: 'failed', error: { code: 'GONE', message: 'answered HTTP 404' } };
    expect(inbound({ ...INBOUND_FIXTURES.sms, pendingAttachments: [announced] })).toBe(true);
    expect(inbound({ ...INBOUND_FIXTURES.sms, pendingAttachments: [{ ...announced, error: undefined }] })).toBe(false);
    const attachmentStatus = published('attachment-status.v1.schema.json');
    const reference = { name: 'media-0', contentType: 'image/png', sizeBytes: 21, sha256: 'a'.repeat(64), storageUri: 'file:///var/lib/tributary/blobs/aa/aaaa' };
    const stored = { schemaVersion: 1, statusId: 'ee1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6', attachmentId: announced.attachmentId, messageId: INBOUND_FIXTURES.sms.messageId, tenantId: 'acme', channel: 'sms', provider: 'twilio', state: 'stored', attachment: reference, attempts: 2, occurredAt: '2026-11-20T09:20:00.000Z', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' };
    const { attachment: _reference, ...failed } = { ...stored, state: 'failed', error: announced.error };
    expect([attachmentStatus(stored), attachmentStatus(failed)]).toEqual([true, true]);
    expect([attachmentStatus({ ...stored, attachment: undefined }), attachmentStatus({ ...failed, error: undefined }), attachmentStatus({ ...failed, attachment: reference })]).toEqual([false, false, false]);
  });

  it('hold an outbound reply to the same identity rules', () => {
    expect(outbound(outboundReplyFixture())).toBe(true);
    expect(outbound(outboundReplyFixture({ channel: 'email', to: { kind: 'email', value: 'Jane.Doe@example.org' } }))).toBe(false);
  });
});
