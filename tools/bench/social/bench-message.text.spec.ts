import { benchMessage, benchTagIn } from './bench-message.text';

describe('bench message text', () => {
  it('reads back the tag it wrote, and a different one for every message and batch', () => {
    const tags = ['w', 'm'].flatMap((label) => [0, 1, 10].map((index) => benchMessage(label, index)));
    expect(tags.map(({ text }) => benchTagIn(text))).toEqual(tags.map(({ tag }) => tag));
    expect(new Set(tags.map(({ tag }) => tag)).size).toBe(tags.length);
  });

  it('finds the tag inside text a provider added to, and none in a text without one', () => {
    expect(benchTagIn(`Edited message 4:\n${benchMessage('m', 7).text}`)).toBe('wb-m-7');
    expect(benchTagIn('Bestellung 12: wo bleibt mein Paket?')).toBeUndefined();
  });
});
