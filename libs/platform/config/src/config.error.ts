/** One variable that is missing or wrong, and why. */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/** Configuration is missing or wrong; the message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
