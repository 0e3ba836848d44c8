export type { AppConfig, AppDefinition } from './app-definition';
export { BodyLimit } from './body-limit.decorator';
export { createApp, fullConfigSchema, loadAppConfig } from './create-app';
export { EXIT_CONFIG_ERROR, runApp } from './run-app';
export { standardImports } from './standard-imports';
export type { StandardImportsOptions } from './standard-imports';
