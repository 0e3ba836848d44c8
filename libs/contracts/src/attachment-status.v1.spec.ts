import { parseContract } from './contract';
import { AttachmentStatusV1, InboundMessageV1 } from './contracts';
import { INBOUND_FIXTURES } from './fixtures/inbound-message.fixtures';

const stored = {
  schemaVersion: 1,
  statusId: 'ee1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
  attachmentId: 'ff1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
  messageId: INBOUND_FIXTURES.sms.messageId,
  tenantId: 'acme',
  channel: 'sms',
  provider: 'twilio',
  state: 'stored',
  attachment: {
    name: 'media-0',
    contentType: 'image/png',
    sizeBytes: 21,
    sha256: 'a3f1c2d4e5b6a7980f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f40312',
    storageUri: 'file:///var/lib/tributary/blobs/a3/a3f1',
  },
  attempts: 3,
  occurredAt: '2026-11-20T09:20:00.000Z',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
};

describe('AttachmentStatus v1', () => {
  it('accepts a stored attachment with its reference', () => {
    expect(parseContract(AttachmentStatusV1, stored).attachment?.name).toBe('media-0');
  });

  it('needs the reference when stored, and the reason (but no reference) when failed', () => {
    const { attachment: _ref, ...bare } = stored;
    expect(() => parseContract(AttachmentStatusV1, bare)).toThrow('attachment: is required when state is "stored"');
    expect(() => parseContract(AttachmentStatusV1, { ...bare, state: 'failed' })).toThrow('error: is required when state is "failed"');
    expect(() => parseContract(AttachmentStatusV1, { ...stored, state: 'failed', error: { code: 'TIMEOUT', message: 'late' } })).toThrow(/attachment: is only allowed/);
    expect(parseContract(AttachmentStatusV1, { ...bare, state: 'failed', error: { code: 'GONE', message: 'answered HTTP 404' } }).state).toBe('failed');
  });

  it('has no pending state: pending lives on the message, a status is an outcome', () => {
    expect(() => parseContract(AttachmentStatusV1, { ...stored, state: 'pending' })).toThrow(/state/);
  });
});

describe('InboundMessage v1 pendingAttachments', () => {
  const pending = { attachmentId: stored.attachmentId, name: 'media-0', contentType: 'image/png', state: 'pending' };

  it('is optional, so producers and consumers that know nothing of it keep working', () => {
    expect(parseContract(InboundMessageV1, INBOUND_FIXTURES.sms).pendingAttachments).toBeUndefined();
    expect(parseContract(InboundMessageV1, { ...INBOUND_FIXTURES.sms, pendingAttachments: [pending] }).pendingAttachments).toEqual([pending]);
  });

  it('needs a reason for a failed one and unique ids', () => {
    expect(() => parseContract(InboundMessageV1, { ...INBOUND_FIXTURES.sms, pendingAttachments: [{ ...pending, state: 'failed' }] })).toThrow(
      'pendingAttachments[0].error: is required when state is "failed"',
    );
    expect(() => parseContract(InboundMessageV1, { ...INBOUND_FIXTURES.sms, pendingAttachments: [pending, pending] })).toThrow(/attachmentIds must be unique/);
  });
});
