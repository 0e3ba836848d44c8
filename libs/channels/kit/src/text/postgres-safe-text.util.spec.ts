import { postgresSafe, postgresSafeText } from './postgres-safe-text.util';

describe('postgresSafe', () => {
  it('removes NUL and replaces lone surrogates, keeping surrogate pairs', () => {
    expect(postgresSafeText('a\0b \ud83d\ude00 \ud83d x \ude00')).toBe('ab \ud83d\ude00 \ufffd x \ufffd');
  });

  it('leaves text PostgreSQL stores as it is, the same string', () => {
    const text = 'Grüße, 你好 \u0001\u007f \ud83d\ude00';
    expect(postgresSafeText(text)).toBe(text);
  });

  it('cleans every string of a record, keys included, and leaves other values alone', () => {
    const record = { text: 'x\0', list: ['\0', 1, true, null], nested: { 'k\0': 'v\ud800' }, count: 3 };
    expect(postgresSafe(record)).toEqual({ text: 'x', list: ['', 1, true, null], nested: { k: 'v\ufffd' }, count: 3 });
  });
});
