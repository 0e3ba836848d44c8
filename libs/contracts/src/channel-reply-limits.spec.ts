import { CHANNELS } from './channel';
import { CHANNEL_REPLY_LIMITS, measureReplyLength } from './channel-reply-limits';
import { MAX_TEXT_LENGTH } from './common.schema';

const sms = (text: string) => measureReplyLength('sms', text);

describe('SMS length and segments', () => {
  it('sends up to 160 GSM-7 characters as one message, then 153 per segment', () => {
    expect(sms('a'.repeat(160))).toMatchObject({ encoding: 'GSM-7', length: 160, segments: 1 });
    expect(sms('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', length: 161, segments: 2 });
    expect(sms('a'.repeat(306)).segments).toBe(2);
    expect(sms('a'.repeat(307)).segments).toBe(3);
  });

  it("counts the extension table's characters twice and never splits one across segments", () => {
    expect(sms('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', length: 160, segments: 1 });
    expect(sms('{'.repeat(81))).toMatchObject({ length: 162, segments: 2 });
    // 306 septets would fill two segments exactly, but the brace cannot start at the 153rd septet.
    expect(sms(`${'a'.repeat(152)}{${'a'.repeat(152)}`)).toMatchObject({ length: 306, segments: 3 });
  });

  it('falls back to UCS-2 for one character outside GSM-7: 70 per message, 67 per segment', () => {
    expect(sms('ж'.repeat(70))).toMatchObject({ encoding: 'UCS-2', length: 70, segments: 1 });
    expect(sms(`${'a'.repeat(69)}ç`)).toMatchObject({ encoding: 'UCS-2', length: 70, segments: 1 });
    expect(sms('ж'.repeat(71))).toMatchObject({ encoding: 'UCS-2', length: 71, segments: 2 });
  });

  it('counts a character beyond the BMP as two UCS-2 units and keeps the pair in one segment', () => {
    expect(sms('😊'.repeat(35))).toMatchObject({ encoding: 'UCS-2', length: 70, segments: 1 });
    expect(sms(`${'ж'.repeat(66)}😊${'ж'.repeat(66)}`)).toMatchObject({ length: 134, segments: 3 });
  });

  it("refuses what Twilio refuses: over 1,600 characters, extension characters counted twice", () => {
    expect(sms('a'.repeat(1_600))).toMatchObject({ fits: true, limit: 1_600, unit: 'sms-characters', segments: 11 });
    expect(sms('a'.repeat(1_601)).fits).toBe(false);
    expect(sms('€'.repeat(801))).toMatchObject({ length: 1_602, fits: false });
    expect(sms('x'.repeat(200 * 1024))).toMatchObject({ channel: 'sms', fits: false, length: 204_800, segments: 1_339 });
  });

  it('measures a reply to a call as the SMS it goes out as', () => {
    expect(measureReplyLength('voice', 'a'.repeat(1_601))).toMatchObject({ limit: 1_600, fits: false, encoding: 'GSM-7' });
  });
});

describe('the other channels', () => {
  it.each([
    ['whatsapp', 4_096],
    ['telegram', 4_096],
    ['chat', 4_096],
    ['messenger', 2_000],
    ['email', MAX_TEXT_LENGTH],
  ] as const)('%s takes %i characters and no more', (channel, limit) => {
    expect(measureReplyLength(channel, 'é'.repeat(limit))).toEqual({ channel, limit, unit: 'utf16-code-units', length: limit, fits: true });
    expect(measureReplyLength(channel, 'é'.repeat(limit + 1)).fits).toBe(false);
  });

  it('counts Instagram in UTF-8 bytes, as Meta does', () => {
    expect(measureReplyLength('instagram', 'ж'.repeat(500))).toMatchObject({ unit: 'utf8-bytes', length: 1_000, fits: true });
    expect(measureReplyLength('instagram', 'ж'.repeat(501))).toMatchObject({ length: 1_002, fits: false });
    expect(measureReplyLength('instagram', '😊'.repeat(250)).length).toBe(1_000);
  });

  it('lets no channel take a text longer than OutboundMessage v1 does', () => {
    const samples = ['plain', 'ünïcödé', '{[€]}', 'жжж', '😊😊', '\ud800 lone surrogate'];
    for (const channel of CHANNELS) {
      expect(CHANNEL_REPLY_LIMITS[channel].maxLength).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
      for (const text of samples) expect(measureReplyLength(channel, text).length).toBeGreaterThanOrEqual(text.length);
    }
  });
});
