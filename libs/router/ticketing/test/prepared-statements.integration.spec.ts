import type { TestDatabase } from '@tributary/platform-testing';
import { transactionExecutor } from '../src/transaction-executor.util';
import { isTransientDatabaseError } from '../src/transient-error.util';
import { createTicketingTestDatabase } from './ticketing-test-db';

describe('statements prepared once per connection', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTicketingTestDatabase();
  }, 60_000);
  afterAll(() => db?.drop());

  const readTenants = () => db.dataSource.transaction((manager) => transactionExecutor(manager).query<Record<string, unknown>>('SELECT * FROM tenants'));

  it('survive a migration that changes a table under them: one transient failure, then fresh plans', async () => {
    await db.dataSource.query("INSERT INTO tenants (id, name) VALUES ('acme', 'Acme')");
    // Prepare the statement on every pooled connection, then change the table's columns.
    await Promise.all([readTenants(), readTenants(), readTenants(), readTenants()]);
    await db.dataSource.query('ALTER TABLE tenants ADD COLUMN rolling_deploy_note text');

    const attempts = await Promise.allSettled([readTenants(), readTenants(), readTenants(), readTenants()]);
    for (const attempt of attempts) {
      if (attempt.status === 'rejected') expect(isTransientDatabaseError(attempt.reason)).toBe(true);
    }
    expect(attempts.some((attempt) => attempt.status === 'rejected')).toBe(true);
    const [tenant] = await readTenants();
    expect(tenant).toMatchObject({ id: 'acme', rolling_deploy_note: null });
  });
});
