/** A widget's visitor once its token is verified. */
export interface Visitor {
  readonly tenantId: string;
  /** The tenant's user id (`sub`), or `anon-<uuid>` for an anonymous visitor chat-ingest issued. */
  readonly visitorId: string;
  /** True when the tenant's backend signed the visitor; false for an anonymous visitor. */
  readonly verified: boolean;
  /** Signed by the tenant: the router may link the visitor to the contact who wrote from this address. */
  readonly email?: string;
  /** Signed by the tenant, E.164. */
  readonly phone?: string;
  readonly name?: string;
}

/** Anonymous visitor ids carry this prefix, which a tenant's `sub` may not use, so neither can pass as the other. */
export const ANONYMOUS_VISITOR_PREFIX = 'anon-';
