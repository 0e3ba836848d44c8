/**
 * The order integration suites run in, from TRIBUTARY_TEST_ORDER, to prove they pass in any order:
 * unset (or "default") keeps the usual order (Nx's for projects, jest's for the suites of one);
 * "reverse" runs them by name, last first; "shuffle:<seed>" in a shuffle that the same seed repeats.
 */
export type TestOrder = { readonly kind: 'default' } | { readonly kind: 'reverse' } | { readonly kind: 'shuffle'; readonly seed: string };

export const TEST_ORDER_VARIABLE = 'TRIBUTARY_TEST_ORDER';

export function parseTestOrder(value: string | undefined): TestOrder {
  const text = (value ?? '').trim();
  if (text === '' || text === 'default') return { kind: 'default' };
  if (text === 'reverse') return { kind: 'reverse' };
  const shuffle = /^shuffle:(.+)$/.exec(text);
  if (shuffle?.[1]) return { kind: 'shuffle', seed: shuffle[1] };
  throw new Error(`${TEST_ORDER_VARIABLE} must be "reverse" or "shuffle:<seed>" (or unset), got "${text}"`);
}

/** A 32-bit hash of the text (FNV-1a), to seed the shuffle. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (const char of text) value = Math.imul(value ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return value;
}

/** mulberry32: small, fast, and the same numbers for the same seed everywhere. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The items in the given order, by `nameOf` (which must tell them apart): reverse is by name, last
 * first; a shuffle starts from the order by name, so it depends on the seed and `salt` (e.g. the
 * project, so each project's suites shuffle differently) only. The default order is the caller's.
 */
export function orderItems<T>(items: readonly T[], order: TestOrder, nameOf: (item: T) => string, salt = ''): T[] {
  if (order.kind === 'default') return [...items];
  const byName = [...items].sort((a, b) => (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
  if (order.kind === 'reverse') return byName.reverse();
  const next = random(hash(`${order.seed}:${salt}`));
  for (let i = byName.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [byName[i], byName[j]] = [byName[j] as T, byName[i] as T];
  }
  return byName;
}
