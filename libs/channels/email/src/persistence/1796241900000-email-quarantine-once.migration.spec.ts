import { EmailQuarantineOnce1796241900000 } from './1796241900000-email-quarantine-once.migration';

describe('EmailQuarantineOnce1796241900000', () => {
  it('locks out writers before folding repeats, so none can slip in before the unique key is added', async () => {
    const statements: string[] = [];
    const runner = {
      query: (sql: string) => {
        statements.push(sql.replace(/\s+/g, ' ').trim());
        return Promise.resolve([]);
      },
    };
    await new EmailQuarantineOnce1796241900000().up(runner);
    expect(statements.map((sql) => sql.split(' ').slice(0, 2).join(' '))).toEqual(['LOCK TABLE', 'DELETE FROM', 'ALTER TABLE']);
    expect(statements[0]).toBe('LOCK TABLE email_quarantine IN SHARE ROW EXCLUSIVE MODE');
  });
});
