const MESSAGE_ID = /<([^<>\s]+)>/g;
const MAX_ID_LENGTH = 998;
const MAX_REFERENCES = 500;

/** One Message-ID without its angle brackets (lenient with bare ids some clients write). */
export function stripMessageId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ids = messageIds(value);
  if (ids.length > 0) return ids[0];
  const bare = value.trim().replace(/^<|>$/g, '');
  return bare !== '' && !/\s/.test(bare) ? bare.slice(0, MAX_ID_LENGTH) : undefined;
}

/** All Message-IDs in a References-style header, oldest first, without brackets or repeats. */
export function messageIds(value: string | readonly string[] | undefined): string[] {
  const joined = typeof value === 'string' ? value : (value ?? []).join(' ');
  const ids = [...joined.matchAll(MESSAGE_ID)].map((match) => (match[1] ?? '').slice(0, MAX_ID_LENGTH));
  const bare = ids.length === 0 ? joined.split(/\s+/).filter((id) => id.includes('@')) : ids;
  // Keep the newest ids when a thread is longer than the contract allows: they matter for threading.
  return [...new Set(bare)].slice(-MAX_REFERENCES);
}
