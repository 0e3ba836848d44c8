export { createDataSource } from './create-data-source.util';
export type { DatabaseModuleOptions } from './database-options';
export { DatabaseModule } from './database.module';
export { DatabaseRuntime } from './database-runtime.service';
export { runMigrateCommand } from './migrate-command';
export type { MigrateTarget } from './migrate-command';
