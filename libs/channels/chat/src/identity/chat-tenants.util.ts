import type { ConfigProblem } from '@tributary/platform-config';
import type { ChatConfig } from './chat-config.schema';
import type { ChatTenant } from './chat-tenant';

export interface ResolvedChatTenants {
  readonly tenants: ReadonlyMap<string, ChatTenant>;
  readonly problems: readonly ConfigProblem[];
}

/**
 * Joins CHAT_TENANTS with the secrets, each named by its tenant so a secret is added or rotated by
 * one entry. Every tenant needs a secret of its own unless it admits anonymous visitors only; a
 * secret for no configured tenant is a typo that would fail silently, so it is a problem too.
 */
export function resolveChatTenants(config: Pick<ChatConfig, 'CHAT_TENANTS' | 'CHAT_TENANT_SECRETS' | 'CHAT_ANONYMOUS_TOKEN_SECRETS'>): ResolvedChatTenants {
  const problems: ConfigProblem[] = [];
  const secrets = new Map<string, string[]>();
  for (const entry of config.CHAT_TENANT_SECRETS ?? []) {
    const colon = entry.indexOf(':');
    const tenantId = entry.slice(0, colon);
    secrets.set(tenantId, [...(secrets.get(tenantId) ?? []), entry.slice(colon + 1)]);
  }
  const configured = config.CHAT_TENANTS ?? {};
  for (const tenantId of secrets.keys()) {
    if (!(tenantId in configured)) problems.push({ variable: 'CHAT_TENANT_SECRETS', message: `names tenant "${tenantId}", which CHAT_TENANTS does not list` });
  }
  const anonymousSecrets = new Set(config.CHAT_ANONYMOUS_TOKEN_SECRETS ?? []);
  const tenants = new Map<string, ChatTenant>();
  for (const [tenantId, entry] of Object.entries(configured)) {
    const own = secrets.get(tenantId) ?? [];
    if (own.length === 0 && !entry.anonymous) problems.push({ variable: 'CHAT_TENANT_SECRETS', message: `has no secret for tenant "${tenantId}", which admits signed visitors only` });
    if (own.length > 2) problems.push({ variable: 'CHAT_TENANT_SECRETS', message: `has ${own.length} secrets for tenant "${tenantId}": at most two (the current one and the one being rotated out)` });
    if (own.some((value) => anonymousSecrets.has(value))) problems.push({ variable: 'CHAT_TENANT_SECRETS', message: `reuses an anonymous token secret for tenant "${tenantId}": a tenant could then sign anonymous visitors` });
    if (entry.anonymous && anonymousSecrets.size === 0) problems.push({ variable: 'CHAT_ANONYMOUS_TOKEN_SECRETS', message: `is required: tenant "${tenantId}" admits anonymous visitors` });
    tenants.set(tenantId, { tenantId, origins: entry.origins, anonymous: entry.anonymous, inbox: entry.inbox, secrets: own, offlineForm: entry.offlineForm });
  }
  return { tenants, problems };
}
