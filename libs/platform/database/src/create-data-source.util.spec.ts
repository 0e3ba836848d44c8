import { createDataSource } from './create-data-source.util';

describe('createDataSource', () => {
  it('never synchronizes or auto-runs migrations', () => {
    const dataSource = createDataSource({ url: 'postgres://u:p@localhost:5432/db', poolSize: 5, applicationName: 'router' });
    expect(dataSource.options).toMatchObject({ type: 'postgres', synchronize: false, migrationsRun: false, applicationName: 'router' });
    expect(dataSource.options.extra).toEqual({ max: 5, connectionTimeoutMillis: 3_000 });
  });
});
