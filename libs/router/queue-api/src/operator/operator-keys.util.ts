/**
 * Parses `ROUTER_OPERATOR_KEYS`: `name=<sha256 hex of the key>`, comma-separated (several per
 * operator allowed, for rotation), into digest → operator name. Throws naming the bad entry.
 */
export function parseOperatorKeyConfig(value: string): Map<string, string> {
  const byDigest = new Map<string, string>();
  for (const entry of value.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^([a-z0-9][a-z0-9._-]{0,62})=([0-9a-f]{64})$/.exec(entry);
    if (!match?.[1] || !match[2]) throw new Error(`"${entry.slice(0, 80)}" is not <operator name>=<sha256 hex of the key>`);
    byDigest.set(match[2], match[1]);
  }
  return byDigest;
}
