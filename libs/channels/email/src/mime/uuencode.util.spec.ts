import { extractUuencoded } from './uuencode.util';

// "hello, uuencoded world\n" and "hi\n" as `uuencode` writes them.
const HELLO_BLOCK = 'begin 644 hello.txt\n7:&5L;&\\L(\'5U96YC;V1E9"!W;W)L9`H`\n`\nend';
const HI_BLOCK = 'begin 600 hi.txt\n#:&D*\n`\nend';

describe('extractUuencoded', () => {
  it('takes every complete block out of the text, decoded', () => {
    const { text, files } = extractUuencoded(`Two files:\n\n${HELLO_BLOCK}\n\n${HI_BLOCK}\n\nbye`);
    expect(text).toBe('Two files:\n\nbye');
    expect(files.map((file) => [file.name, file.bytes.toString('latin1')])).toEqual([
      ['hello.txt', 'hello, uuencoded world\n'],
      ['hi.txt', 'hi\n'],
    ]);
  });

  it('decodes lines whose trailing spaces a mail server trimmed', () => {
    // 68 69 00 is `#:&D ` with a space for the last six zero bits; the space is gone here.
    const { files } = extractUuencoded('begin 644 z.bin\n#:&D\n`\nend');
    expect(files[0]?.bytes).toEqual(Buffer.from([0x68, 0x69, 0x00]));
  });

  it('leaves a `begin` line that starts no block, and a block without its end, as text', () => {
    for (const text of ['begin 644 the project\nwith a kickoff', `${HELLO_BLOCK.replace(/\nend$/, '')}\n(cut off)`]) {
      expect(extractUuencoded(text)).toEqual({ text, files: [] });
    }
  });
});
