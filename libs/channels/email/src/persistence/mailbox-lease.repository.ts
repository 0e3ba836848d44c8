import type { DataSource, QueryRunner } from 'typeorm';

/** A held lease: the mailbox is ours while the session holding the lock lives. */
export interface MailboxLease {
  /** False once the session holding the lock is gone (then another replica may hold it). */
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * One poller per mailbox across replicas, by a Postgres session advisory lock: a replica that dies
 * loses its connection and with it the lease, with no expiry to wait out and no clock to trust.
 */
export class MailboxLeaseRepository {
  constructor(private readonly dataSource: DataSource) {}

  async tryAcquire(mailboxKey: string): Promise<MailboxLease | undefined> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const [row] = (await runner.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [`tributary:email:${mailboxKey}`])) as { locked: boolean }[];
      if (row?.locked === true) return new AdvisoryLease(runner, mailboxKey);
    } catch (error) {
      await runner.release();
      throw error;
    }
    await runner.release();
    return undefined;
  }
}

class AdvisoryLease implements MailboxLease {
  constructor(
    private readonly runner: QueryRunner,
    private readonly mailboxKey: string,
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
      await this.runner.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [`tributary:email:${this.mailboxKey}`]);
    } catch {
      // The session is gone, and the lock with it.
    } finally {
      await this.runner.release();
    }
  }
}
