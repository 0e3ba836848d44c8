/** One tenant's widget settings, from CHAT_TENANTS and CHAT_TENANT_SECRETS. */
export interface ChatTenant {
  readonly tenantId: string;
  /** Origins (scheme://host[:port]) whose pages may open a socket; `*` allows any. */
  readonly origins: readonly string[];
  /** Whether visitors without a tenant-signed token may chat (they get an anonymous token). */
  readonly anonymous: boolean;
  /** The inbox address of the tenant's chat messages (InboundMessage v1 `inbox.address`). */
  readonly inbox: string;
  /** HS256 secrets the tenant signs visitor tokens with; two while one is rotated. */
  readonly secrets: readonly string[];
  /**
   * The widget asks an unsigned visitor for an email before the first message (no agent may be
   * online to answer live); it travels as `extras.contactEmail`, never as an identity (see README).
   */
  readonly offlineForm?: boolean;
}
