import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The tenants the local gateway's channels serve (see local-channel-config.ts). */
export const LOCAL_TENANTS = ['acme'] as const;

export type LocalApiKeys = Readonly<Record<string, string>>;

/** Where the keys are kept: beside the stack's data, readable by its owner only. */
export function localApiKeysFile(stackRoot: string): string {
  return join(stackRoot, 'api-keys.json');
}

/**
 * The queue API key of each local tenant, made on the first start and kept, so a key a developer
 * pasted into a helpdesk or a script keeps working across restarts. Random, never a fixed word.
 */
export function localApiKeys(stackRoot: string): LocalApiKeys {
  const file = localApiKeysFile(stackRoot);
  const known: Record<string, string> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const missing = LOCAL_TENANTS.filter((tenant) => typeof known[tenant] !== 'string');
  if (missing.length === 0) return known;
  for (const tenant of missing) known[tenant] = `trb_${tenant}_${randomBytes(24).toString('base64url')}`;
  mkdirSync(stackRoot, { recursive: true });
  writeFileSync(file, `${JSON.stringify(known, null, 2)}\n`, { mode: 0o600 });
  return known;
}

/** ROUTER_API_KEYS for these keys: the router keeps only their sha256 digests (as hashApiKey in the queue API does). */
export function routerApiKeysSetting(keys: LocalApiKeys): string {
  return Object.entries(keys)
    .map(([tenant, key]) => `${tenant}=${createHash('sha256').update(key, 'utf8').digest('hex')}`)
    .join(',');
}
