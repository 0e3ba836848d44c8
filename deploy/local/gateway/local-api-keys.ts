import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The tenants the local gateway's channels serve (see local-channel-config.ts). */
export const LOCAL_TENANTS = ['acme'] as const;
/** The name under which the local operator's key (dead-letter routes) is kept beside the tenants' keys. */
export const LOCAL_OPERATOR = 'operator';

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
  const missing = [...LOCAL_TENANTS, LOCAL_OPERATOR].filter((name) => typeof known[name] !== 'string');
  if (missing.length === 0) return known;
  for (const tenant of missing) known[tenant] = `trb_${tenant}_${randomBytes(24).toString('base64url')}`;
  mkdirSync(stackRoot, { recursive: true });
  writeFileSync(file, `${JSON.stringify(known, null, 2)}\n`, { mode: 0o600 });
  return known;
}

/** ROUTER_API_KEYS for the tenants' keys: the router keeps only their sha256 digests (as hashApiKey in the queue API does). */
export function routerApiKeysSetting(keys: LocalApiKeys): string {
  return LOCAL_TENANTS.flatMap((tenant) => (keys[tenant] ? [`${tenant}=${digest(keys[tenant])}`] : [])).join(',');
}

/** ROUTER_OPERATOR_KEYS for the local operator's key. */
export function routerOperatorKeysSetting(keys: LocalApiKeys): string {
  const key = keys[LOCAL_OPERATOR];
  return key ? `${LOCAL_OPERATOR}=${digest(key)}` : '';
}

function digest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
