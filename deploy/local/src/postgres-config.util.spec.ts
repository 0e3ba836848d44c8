import { chooseSocketDir, newestPostgresBinDir, postgresUrl, renderPostgresConf } from './postgres-config.util';

describe('postgres config', () => {
  it('builds the URL apps use from the port', () => {
    expect(postgresUrl(15432, 'Zx9_-q')).toBe('postgres://tributary:Zx9_-q@127.0.0.1:15432/tributary');
    expect(postgresUrl(16432, 'a/b@c', 'postgres')).toBe('postgres://tributary:a%2Fb%40c@127.0.0.1:16432/postgres');
  });

  it('listens on loopback only, on the given port and socket folder', () => {
    const conf = renderPostgresConf(16432, "/data/it's/run");
    expect(conf).toContain("listen_addresses = '127.0.0.1'\n");
    expect(conf).toContain('port = 16432\n');
    expect(conf).toContain("unix_socket_directories = '/data/it''s/run'\n");
  });

  it('keeps the socket beside the data while the path fits in 107 bytes', () => {
    expect(chooseSocketDir('/repo/.local/stack/dev/postgres/run', 15432, '/tmp')).toBe('/repo/.local/stack/dev/postgres/run');
  });

  it('moves the socket to a short stable folder under tmp when the path would be too long', () => {
    const deep = `/home/someone/${'very-long-folder-name/'.repeat(4)}.local/stack/dev/postgres/run`;
    const chosen = chooseSocketDir(deep, 15432, '/tmp');
    expect(chosen).toMatch(/^\/tmp\/tributary-pg-[0-9a-f]{12}$/);
    expect(chooseSocketDir(deep, 15432, '/tmp')).toBe(chosen);
    expect(chooseSocketDir(`${deep}2`, 15432, '/tmp')).not.toBe(chosen);
  });

  it('picks the newest major version folder, numerically', () => {
    expect(newestPostgresBinDir('/usr/lib/postgresql', ['9.6', '15', '16', 'README'])).toBe('/usr/lib/postgresql/16/bin');
    expect(newestPostgresBinDir('/usr/lib/postgresql', ['README'])).toBeUndefined();
  });
});
