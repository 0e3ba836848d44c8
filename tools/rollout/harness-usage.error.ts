/** A command line the harness cannot run, with the reason (the CLI prints it with the help, exit code 2). */
export class HarnessUsageError extends Error {}
