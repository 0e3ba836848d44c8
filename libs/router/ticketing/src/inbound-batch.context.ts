import { lockKeys } from './advisory-lock.util';
import { findStoredDedupeKeys } from './message.repository';
import { OutboxBuffer } from './outbox-buffer';
import { lockKeysOf, type PreparedMessage } from './prepared-message';
import type { SqlExecutor } from './sql-executor';
import { ensureTenants, type TenantPolicy } from './tenant.repository';

/**
 * What a batch learns once instead of once per message: its keys are locked, its tenants exist,
 * the dedupe keys already stored are known, and its outbox rows are written together at the end.
 */
export class InboundBatchContext {
  readonly outbox = new OutboxBuffer();

  private constructor(
    private readonly tenants: ReadonlyMap<string, TenantPolicy>,
    private readonly storedKeys: Set<string>,
    /** The transaction's now(), the time every change of this batch is stamped with. */
    readonly now: Date,
  ) {}

  /** Locks first, then reads: what another router committed under these keys is visible after the lock. */
  static async open(sql: SqlExecutor, messages: readonly PreparedMessage[]): Promise<InboundBatchContext> {
    await lockKeys(sql, messages.flatMap(lockKeysOf));
    const tenants = await ensureTenants(sql, messages.map(({ message }) => message.tenantId));
    const stored = await findStoredDedupeKeys(sql, messages.map(({ message, dedupeKey }) => ({ tenantId: message.tenantId, dedupeKey })));
    const [clock] = await sql.query<{ now: Date }>('SELECT now() AS now');
    return new InboundBatchContext(tenants, new Set(stored.map(({ tenantId, dedupeKey }) => storedKey(tenantId, dedupeKey))), clock?.now ?? new Date());
  }

  tenant(tenantId: string): TenantPolicy {
    const policy = this.tenants.get(tenantId);
    if (!policy) throw new Error(`tenant ${tenantId} was not prepared for this batch`);
    return policy;
  }

  isStored(tenantId: string, dedupeKey: string): boolean {
    return this.storedKeys.has(storedKey(tenantId, dedupeKey));
  }

  /** Remembered only once the message's savepoint (if any) is released. */
  markStored(tenantId: string, dedupeKey: string): void {
    this.storedKeys.add(storedKey(tenantId, dedupeKey));
  }

  async flush(sql: SqlExecutor): Promise<void> {
    await this.outbox.flush(sql);
  }
}

function storedKey(tenantId: string, dedupeKey: string): string {
  return `${tenantId}\u0000${dedupeKey}`;
}
