import { chunkByBytes } from './byte-bounded-chunks.util';

describe('chunkByBytes', () => {
  const size = (n: number): number => n;

  it('groups small items up to the budget, in order', () => {
    expect(chunkByBytes([3, 3, 3, 3, 1], size, 7)).toEqual([[3, 3], [3, 3, 1]]);
  });

  it('sends an item over the budget alone, never with a neighbour', () => {
    expect(chunkByBytes([1, 20, 1, 1, 30], size, 10)).toEqual([[1], [20], [1, 1], [30]]);
  });

  it('returns nothing for nothing', () => {
    expect(chunkByBytes([], size, 10)).toEqual([]);
  });
});
