import { getMetadataArgsStorage } from 'typeorm';
import { ROUTER_ENTITIES, ROUTER_MIGRATIONS } from './router-entities';

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

describe('router entities', () => {
  const storage = getMetadataArgsStorage();

  it.each(ROUTER_ENTITIES.map((entity) => [entity.name, entity] as const))('%s names its table and every column explicitly in snake_case', (_name, entity) => {
    const table = storage.tables.find((candidate) => candidate.target === entity);
    expect(table?.name).toMatch(SNAKE_CASE);

    const columns = storage.columns.filter((column) => column.target === entity);
    expect(columns.length).toBeGreaterThan(0);
    for (const column of columns) {
      expect({ property: column.propertyName, name: column.options.name }).toEqual({ property: column.propertyName, name: expect.stringMatching(SNAKE_CASE) });
      expect({ property: column.propertyName, type: column.options.type }).toEqual({ property: column.propertyName, type: expect.any(String) });
    }
    for (const join of storage.joinColumns.filter((candidate) => candidate.target === entity)) {
      expect(join.name).toMatch(SNAKE_CASE);
      expect(join.foreignKeyConstraintName).toMatch(SNAKE_CASE);
    }
  });
});

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
