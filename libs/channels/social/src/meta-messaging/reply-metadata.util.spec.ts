import { decodeReplyMetadata, encodeReplyMetadata } from './reply-metadata.util';

describe('reply metadata', () => {
  it('round-trips an outbound id well inside the Send API limit of 1,000 characters', () => {
    const outboundId = '7f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';
    const metadata = encodeReplyMetadata(outboundId);
    expect(metadata.length).toBeLessThan(1000);
    expect(decodeReplyMetadata(metadata)).toBe(outboundId);
  });

  it("reads nothing into another tool's metadata or a tampered one", () => {
    expect(decodeReplyMetadata(undefined)).toBeUndefined();
    expect(decodeReplyMetadata('crm:42')).toBeUndefined();
    expect(decodeReplyMetadata('tributary1:not-a-uuid')).toBeUndefined();
  });
});
