/**
 * Splits `items` in order into runs whose sizes add up to at most `budget`; an item larger than the
 * budget travels alone. Used to keep each produce request, and so each partition's record batch in
 * it, under the size a broker accepts.
 */
export function chunkByBytes<T>(items: readonly T[], sizeOf: (item: T) => number, budget: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let currentBytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && currentBytes + size > budget) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(item);
    currentBytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
