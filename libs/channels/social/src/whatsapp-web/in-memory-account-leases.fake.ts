import type { AccountLease, AccountLeaseRepository } from '@tributary/channel-kit';

/**
 * The kit's account leases in memory, shared by the "replicas" of one test: one holder per account,
 * `revoke` plays the holder's database connection dying (stillHeld turns false, the account is free).
 */
export class InMemoryAccountLeases implements Pick<AccountLeaseRepository, 'tryAcquire'> {
  private readonly holders = new Map<string, InMemoryLease>();

  tryAcquire(accountKey: string): Promise<AccountLease | undefined> {
    if (this.holders.has(accountKey)) return Promise.resolve(undefined);
    const lease = new InMemoryLease(() => this.holders.delete(accountKey));
    this.holders.set(accountKey, lease);
    return Promise.resolve(lease);
  }

  isHeld(accountKey: string): boolean {
    return this.holders.has(accountKey);
  }

  revoke(accountKey: string): void {
    this.holders.get(accountKey)?.lose();
  }
}

class InMemoryLease implements AccountLease {
  private held = true;

  constructor(private readonly free: () => void) {}

  stillHeld(): Promise<boolean> {
    return Promise.resolve(this.held);
  }

  release(): Promise<void> {
    this.lose();
    return Promise.resolve();
  }

  lose(): void {
    if (!this.held) return;
    this.held = false;
    this.free();
  }
}
