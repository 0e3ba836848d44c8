import { smsSegmentCount } from './sms-segments.util';

// Vectors worked out by hand from GSM 03.38 / 3GPP TS 23.038: 160 septets or 70 UCS-2 units fit one
// segment; concatenated segments carry 153 septets or 67 units, and never split a character.
describe('SMS segments (num_segments)', () => {
  it.each([
    ['empty', '', 1],
    ['160 GSM characters', 'a'.repeat(160), 1],
    ['161 GSM characters', 'a'.repeat(161), 2],
    ['306 GSM characters', 'a'.repeat(306), 2],
    ['307 GSM characters', 'a'.repeat(307), 3],
    ['1,600 GSM characters', 'a'.repeat(1600), 11],
    ['GSM accents and symbols stay GSM', `${'àéüÄß£¥§¿¡ΔΩ'.repeat(13)}abcd`, 1],
  ])('%s', (_name, body, segments) => {
    expect(smsSegmentCount(body)).toBe(segments);
  });

  it('counts an extension character (€ [ ] { } ~ ^ | \\ form feed) as two septets', () => {
    expect(smsSegmentCount('€'.repeat(80))).toBe(1);
    expect(smsSegmentCount('€'.repeat(81))).toBe(2);
    expect(smsSegmentCount(`${'a'.repeat(159)}[`)).toBe(2);
  });

  it('keeps an extension character whole: 152 septets, then € does not fit the first segment', () => {
    // 306 septets: a naive ceil(306 / 153) says 2, but the € moves to the second segment and pushes one over.
    expect(smsSegmentCount(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toBe(3);
  });

  it('sends anything outside GSM-7 as UCS-2: 70 units in one segment, 67 per concatenated one', () => {
    // GSM has only the capital Ç: a lower-case ç makes the whole text UCS-2.
    expect(smsSegmentCount('ç'.repeat(70))).toBe(1);
    expect(smsSegmentCount('ç'.repeat(71))).toBe(2);
    expect(smsSegmentCount(`${'a'.repeat(69)}ł`)).toBe(1);
    expect(smsSegmentCount(`${'a'.repeat(70)}ł`)).toBe(2);
    expect(smsSegmentCount(`${'a'.repeat(133)}ł`)).toBe(2);
    expect(smsSegmentCount(`${'a'.repeat(134)}ł`)).toBe(3);
  });

  it('counts an emoji as two UCS-2 units and never splits it', () => {
    expect(smsSegmentCount('😀'.repeat(35))).toBe(1);
    expect(smsSegmentCount('😀'.repeat(36))).toBe(2);
    // 134 units: a naive ceil(134 / 67) says 2, but the emoji cannot take the first segment's last unit.
    expect(smsSegmentCount(`${'a'.repeat(66)}😀${'a'.repeat(66)}`)).toBe(3);
  });
});
