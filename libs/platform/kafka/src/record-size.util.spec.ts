import { estimateRecordBytes } from './record-size.util';

describe('estimateRecordBytes', () => {
  it('counts key, value and every header value in UTF-8 bytes, plus the record overhead', () => {
    const bare = estimateRecordBytes({ key: null, value: null });
    expect(estimateRecordBytes({ key: 'ü', value: Buffer.alloc(1_000) })).toBe(bare + 2 + 1_000);
    const withHeaders = estimateRecordBytes({ key: null, value: null, headers: { ab: 'xyz', c: [Buffer.from('1'), '22'], d: undefined } });
    expect(withHeaders - bare).toBeGreaterThanOrEqual(2 + 3 + 2 * 1 + 1 + 2);
  });

  it('is never below what Kafka needs for the record (61 bytes of batch header aside)', () => {
    // A record batch of one record with a 100-byte value and no key or headers is 61 + 8 + 100 bytes.
    expect(estimateRecordBytes({ key: null, value: Buffer.alloc(100) })).toBeGreaterThanOrEqual(108);
  });
});
