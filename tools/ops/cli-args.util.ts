/** A command line an operator mistyped: the CLIs print the message and their usage, and exit 2. */
export class CliUsageError extends Error {}

/** A value a library refuses is a usage error here: the operator typed it. */
export function usageOf<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}

/** `--limit`: a whole number from 1, `fallback` when not given. */
export function parseLimit(text: string | undefined, fallback = 50): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1) throw new CliUsageError(`--limit must be a whole number from 1 (got "${text}")`);
  return Number(text);
}

/** Refuses options given to a command they do not belong to, naming the commands they do. */
export function refuseOptions<T extends Record<string, unknown>>(values: T, allowed: string, ...names: (keyof T & string)[]): void {
  const given = names.filter((name) => values[name] !== undefined && values[name] !== false);
  if (given.length > 0) throw new CliUsageError(`--${given.join(', --')} ${given.length === 1 ? 'is' : 'are'} for ${allowed} only`);
}
