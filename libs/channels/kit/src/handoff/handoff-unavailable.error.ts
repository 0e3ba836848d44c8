/** Kafka did not acknowledge in time and there is no spool to keep the record: the caller must retry later. */
export class HandoffUnavailableError extends Error {
  constructor(reason: string) {
    super(`the message cannot be stored right now (${reason}); try again later`);
    this.name = 'HandoffUnavailableError';
  }
}
