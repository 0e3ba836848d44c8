import { outboundReplyFixture } from '@tributary/contracts/testing';
import { decodeReplyCallbackData, encodeReplyCallbackData } from './reply-callback-data.util';

/** The status webhook field the data travels in holds at most this much (Meta's limit). */
const META_LIMIT = 512;

describe('reply callback data (biz_opaque_callback_data)', () => {
  const reply = outboundReplyFixture({ channel: 'whatsapp' });

  it('decodes what it encoded into the reply the status is about', () => {
    expect(decodeReplyCallbackData(encodeReplyCallbackData(reply))).toEqual({
      tenantId: reply.tenantId,
      ticketId: reply.ticketId,
      outboundId: reply.outboundId,
      traceId: reply.traceId,
    });
  });

  it('stays within 512 characters for the longest tenant id the contract allows', () => {
    const longest = outboundReplyFixture({ channel: 'whatsapp', tenantId: `a${'-'.repeat(62)}` });
    const encoded = encodeReplyCallbackData(longest);
    expect(encoded.length).toBeLessThanOrEqual(META_LIMIT);
    expect(decodeReplyCallbackData(encoded)?.tenantId).toBe(longest.tenantId);
  });

  it.each([
    ['nothing', undefined],
    ['an empty string', ''],
    ["another tool's data", 'campaign-42'],
    ['our prefix with no JSON', 'tributary1:'],
    ['our prefix with broken JSON', 'tributary1:{"tenantId":'],
    ['our prefix with JSON null', 'tributary1:null'],
    ['our prefix with an id that is not a UUID', `tributary1:${JSON.stringify({ tenantId: 'acme', ticketId: 'x', outboundId: '7f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' })}`],
    ['our prefix with a tenant the contract refuses', `tributary1:${JSON.stringify({ tenantId: 'ACME', ticketId: '1a2b3c4d-5e6f-4a0b-8c1d-2e3f4a5b6c7d', outboundId: '7f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', traceId: '4bf92f3577b34da6a3ce929d0e0e4736' })}`],
    ['another version of the prefix', encodeReplyCallbackData(reply).replace('tributary1:', 'tributary2:')],
  ])('reads %s as no reply of ours', (_case, raw) => {
    expect(decodeReplyCallbackData(raw)).toBeUndefined();
  });
});
