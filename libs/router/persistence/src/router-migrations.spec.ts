import { ROUTER_MIGRATIONS } from './router-migrations';

describe('router migrations', () => {
  it('are named <Name><13-digit timestamp>, listed oldest first, each once', () => {
    const names = ROUTER_MIGRATIONS.map((migration) => new migration().name);
    expect(names).toEqual(ROUTER_MIGRATIONS.map((migration) => migration.name));
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Za-z]+\d{13}$/);
    const timestamps = names.map((name) => Number(name.slice(-13)));
    expect(timestamps).toEqual([...timestamps].sort((a, b) => a - b));
    expect(new Set(timestamps).size).toBe(timestamps.length);
  });
});
