import { chunksOf } from './chunks.util';

describe('chunksOf', () => {
  it('cuts items into consecutive slices of at most the size, in order', () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('keeps a batch within the size whole, and gives nothing for nothing', () => {
    expect(chunksOf([1, 2, 3], 3)).toEqual([[1, 2, 3]]);
    expect(chunksOf([], 500)).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the size %p', (size) => {
    expect(() => chunksOf([1], size)).toThrow(/chunk size/);
  });
});
