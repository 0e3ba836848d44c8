import fc from 'fast-check';
import { fuzzOptions } from '@tributary/platform-testing';
import { ChatCloseCode } from './chat-close-code';
import { parseClientFrame } from './client-frame.parser';
import type { ClientFrame } from './client-frame.schema';

const MAX = 16 * 1024;

const validFrame: fc.Arbitrary<ClientFrame> = fc.oneof(
  fc.record({ type: fc.constant('hello' as const), token: fc.string({ minLength: 1, maxLength: 200 }), lastSeq: fc.nat() }),
  fc.record({ type: fc.constant('msg' as const), clientMessageId: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), text: fc.string({ maxLength: 500 }), attachments: fc.constant<{ attachmentId: string }[]>([]) }),
  fc.record({ type: fc.constant('ack' as const), seq: fc.nat() }),
  fc.record({ type: fc.constant('typing' as const), active: fc.boolean() }),
  fc.record({ type: fc.constant('read' as const), seq: fc.nat() }),
);

describe('parseClientFrame', () => {
  it('reads back every valid frame', () => {
    fc.assert(
      fc.property(validFrame, (frame) => {
        const parsed = parseClientFrame(JSON.stringify(frame), MAX);
        expect(parsed).toEqual({ ok: true, frame });
      }),
      fuzzOptions(500),
    );
  });

  it('never throws on arbitrary text or JSON: a refusal with 4400 or 4413 and a reason a close frame can carry', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.json().map(String), fc.jsonValue().map((value) => JSON.stringify(value))), (raw) => {
        const parsed = parseClientFrame(raw, MAX);
        if (!parsed.ok) {
          expect([ChatCloseCode.BadFrame, ChatCloseCode.FrameTooLarge]).toContain(parsed.close);
          expect(Buffer.byteLength(parsed.reason)).toBeLessThanOrEqual(123);
        }
      }),
      fuzzOptions(500),
    );
  });

  it('refuses a frame over the limit by its size, before parsing it', () => {
    expect(parseClientFrame(Buffer.alloc(MAX + 1, 0x20), MAX)).toMatchObject({ ok: false, close: ChatCloseCode.FrameTooLarge });
  });

  it('refuses unknown types, unknown fields and bad client message ids with 4400', () => {
    for (const raw of ['{"type":"admin"}', '{"type":"ack","seq":1,"extra":true}', '{"type":"msg","clientMessageId":"short","text":"hi"}', '{"type":"ack","seq":-1}', 'null', '[1]']) {
      expect(parseClientFrame(raw, MAX)).toMatchObject({ ok: false, close: ChatCloseCode.BadFrame });
    }
  });

  it('defaults hello to lastSeq 0 and msg to no attachments', () => {
    expect(parseClientFrame('{"type":"hello"}', MAX)).toEqual({ ok: true, frame: { type: 'hello', lastSeq: 0 } });
    expect(parseClientFrame('{"type":"msg","clientMessageId":"abcdefgh","text":"hi"}', MAX)).toEqual({ ok: true, frame: { type: 'msg', clientMessageId: 'abcdefgh', text: 'hi', attachments: [] } });
  });
});
