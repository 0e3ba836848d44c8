export enum StackErrorCode {
  PrerequisiteMissing = 'PREREQUISITE_MISSING',
  InvalidConfig = 'INVALID_CONFIG',
  PortUnavailable = 'PORT_UNAVAILABLE',
  CommandFailed = 'COMMAND_FAILED',
  StartFailed = 'START_FAILED',
  Timeout = 'TIMEOUT',
  StateInvalid = 'STATE_INVALID',
  Busy = 'BUSY',
}

/**
 * A local stack operation failed. `headline` is one line fit for a CLI; `detail` (often the tail of
 * a server log) is appended to `message` so jest's global setup shows it without extra handling.
 */
export class StackError extends Error {
  constructor(
    readonly code: StackErrorCode,
    readonly headline: string,
    readonly detail?: string,
  ) {
    super(detail ? `${headline}\n${detail}` : headline);
    this.name = 'StackError';
  }
}
