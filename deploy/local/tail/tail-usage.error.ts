/** The command line asks for something the tail cannot do; the CLI prints it above the usage. */
export class TailUsageError extends Error {
  override readonly name = 'TailUsageError';
}
