import { SentSeqs } from './sent-seqs';

describe('SentSeqs', () => {
  it('keeps the watermark below a gap until the gap is sent', () => {
    const sent = new SentSeqs(2);
    sent.add(4);
    expect(sent.watermark).toBe(2);
    expect([3, 4].map((seq) => sent.has(seq))).toEqual([false, true]);
    sent.add(3);
    expect(sent.watermark).toBe(4);
    sent.add(1);
    expect(sent.watermark).toBe(4);
  });
});
