import { messageIds, stripMessageId } from './thread-refs.util';

describe('thread refs', () => {
  it('strips angle brackets from a Message-ID', () => {
    expect(stripMessageId(' <abc.123@mail.example> ')).toBe('abc.123@mail.example');
  });

  it('accepts a bare id but refuses one with spaces', () => {
    expect(stripMessageId('abc@mail.example')).toBe('abc@mail.example');
    expect(stripMessageId('not an id')).toBeUndefined();
  });

  it('lists References oldest first without repeats', () => {
    expect(messageIds('<a@x> <b@x>\r\n <a@x> <c@x>')).toEqual(['a@x', 'b@x', 'c@x']);
  });
});
