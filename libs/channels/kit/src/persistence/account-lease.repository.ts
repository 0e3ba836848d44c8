import type { DataSource, QueryRunner } from 'typeorm';

/** A held lease: the account is ours while the session holding the lock lives. */
export interface AccountLease {
  /** False once the session holding the lock is gone (then another replica may hold it). */
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * One owner per account across replicas (an IMAP mailbox, a whatsapp-web.js number, a Telegram bot
 * polling for updates), by a PostgreSQL session advisory lock: a replica that dies loses its
 * connection and with it the lease, with no expiry to wait out and no clock to trust. Each channel
 * has its own namespace, so two channels' accounts with one name never share a lock.
 */
export class AccountLeaseRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly namespace: string,
  ) {}

  async tryAcquire(accountKey: string): Promise<AccountLease | undefined> {
    const lockName = `tributary:${this.namespace}:${accountKey}`;
    const runner = this.dataSource.createQueryRunner();
    try {
      const [row] = (await runner.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [lockName])) as { locked: boolean }[];
      if (row?.locked === true) return new AdvisoryLease(runner, lockName);
    } catch (error) {
      await runner.release();
      throw error;
    }
    await runner.release();
    return undefined;
  }
}

class AdvisoryLease implements AccountLease {
  constructor(
    private readonly runner: QueryRunner,
    private readonly lockName: string,
  ) {}

  async stillHeld(): Promise<boolean> {
    try {
      await this.runner.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async release(): Promise<void> {
    try {
      await this.runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [this.lockName]);
    } catch {
      // The session is gone, and the lock with it.
    } finally {
      await this.runner.release();
    }
  }
}
