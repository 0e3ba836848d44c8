export { describeAppWithoutKafka } from './app-boot.expectations';
export { bootApp } from './boot-app.util';
export type { BootedApp } from './boot-app.util';
export { waitFor } from './wait-for.util';
export { createTestDatabase } from './test-database.util';
export type { TestDatabase, TestDatabaseOptions } from './test-database.util';
export { freePort, runAppCommand, startAppProcess } from './app-process.util';
export type { AppProcess, AppProcessOptions, ProcessEnd } from './app-process.util';
