import { outboundReplyFixture } from '@tributary/contracts/testing';
import { assertOutboundRecordFits } from './outbound-record-size.util';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';

const emailReply = (text: string) => outboundReplyFixture({ channel: 'email', to: { kind: 'email', value: 'jane.doe@example.org' }, text });

describe('assertOutboundRecordFits', () => {
  it('lets the longest email reply through, written in any language', () => {
    expect(() => assertOutboundRecordFits(emailReply('é'.repeat(262_144)))).not.toThrow();
    expect(() => assertOutboundRecordFits(emailReply('語'.repeat(262_144)))).not.toThrow();
  });

  it('refuses a reply whose record the outbound topic would refuse, which would stop the relay behind it', () => {
    let refusal: unknown;
    try {
      assertOutboundRecordFits(emailReply('\u0001'.repeat(262_144)));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(QueueApiError);
    expect(refusal).toMatchObject({ code: QueueApiErrorCode.ReplyTooLarge, details: { topic: 'tributary.outbound.v1', limit: 1_032_204 } });
    expect((refusal as QueueApiError).message).toMatch(/^the reply would be a 157\d{4}-byte record; tributary.outbound.v1 takes 1032204 bytes$/);
  });
});
