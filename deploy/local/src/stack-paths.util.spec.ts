import { OUTSIDE_POSTGRES_BASE, postgresHomeFor, stackPaths } from './stack-paths.util';

describe('stack paths', () => {
  const root = '/root/work/tributary/.local/stack/dev';

  it('keeps the cluster inside the checkout for anyone but root, and for root where the postgres user can walk down to it', () => {
    expect(postgresHomeFor(root, 1000, () => false)).toBeUndefined();
    expect(postgresHomeFor(root, 0, () => true)).toBeUndefined();
  });

  it("moves root's cluster out of a private folder (root's home is mode 700), to a folder named after the stack's path", () => {
    const home = postgresHomeFor(root, 0, (dir) => dir !== '/root');
    expect(home).toMatch(new RegExp(`^${OUTSIDE_POSTGRES_BASE}/[0-9a-f]{16}$`));
    expect(postgresHomeFor('/root/other-clone/.local/stack/dev', 0, (dir) => dir !== '/root')).not.toBe(home);
    expect(postgresHomeFor(root, 0, (dir) => dir !== '/root')).toBe(home);
  });

  it('puts every other component, and its log, inside the checkout', () => {
    const paths = stackPaths('dev', '/srv/tributary');
    expect(paths.componentDir('kafka')).toBe('/srv/tributary/.local/stack/dev/kafka');
    expect(paths.logFile('mail')).toBe('/srv/tributary/.local/stack/dev/logs/mail.log');
  });
});
