export { ConfigError } from './config.error';
export type { ConfigProblem } from './config.error';
export { loadConfig } from './load-config.util';
export { describeConfig, renderConfigHelp } from './config-help.util';
export type { ConfigVariableHelp } from './config-help.util';
export { secret, secretValues } from './secret.util';
export { jsonSetting } from './json-setting.util';
export { baseConfigSchema, baseConfigShape, databaseConfigShape } from './common-config.schema';
export type { BaseConfig, DatabaseConfig } from './common-config.schema';
