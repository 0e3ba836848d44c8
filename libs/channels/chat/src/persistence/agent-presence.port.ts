/** Whether a tenant's agents are online, as their helpdesk last said. */
export interface AgentPresencePort {
  /** True while the tenant's last heartbeat has not run out. */
  agentsOnline(tenantId: string): Promise<boolean>;
  /** The tenant's agents are online until `until` (a time already past: offline now). */
  setOnlineUntil(tenantId: string, until: Date): Promise<void>;
}
