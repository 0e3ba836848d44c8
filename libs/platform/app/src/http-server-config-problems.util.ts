import type { BaseConfig, ConfigProblem } from '@tributary/platform-config';

/** Rules across the shared HTTP variables, which each field's own schema cannot see. */
export function httpServerConfigProblems(config: BaseConfig): ConfigProblem[] {
  // The request deadline covers the headers too: a longer headers deadline would never be reached.
  if (config.HTTP_HEADERS_TIMEOUT_MS > config.HTTP_REQUEST_TIMEOUT_MS) {
    return [{ variable: 'HTTP_HEADERS_TIMEOUT_MS', message: `must not exceed HTTP_REQUEST_TIMEOUT_MS (${config.HTTP_REQUEST_TIMEOUT_MS})` }];
  }
  return [];
}
