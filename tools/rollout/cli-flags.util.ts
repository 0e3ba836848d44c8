import { HarnessUsageError } from './harness-usage.error';

/** A command line split into options with a value (`--rate 30`) and switches (`--keep-stack`). */
export interface ReadFlags {
  readonly values: ReadonlyMap<string, string>;
  readonly switches: ReadonlySet<string>;
}

/** Splits the command line; an option missing its value gets '' (its reader names it), an unknown one is refused. */
export function readFlags(argv: readonly string[], valueFlags: readonly string[], switchFlags: readonly string[]): ReadFlags {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    if (switchFlags.includes(flag)) {
      switches.add(flag);
    } else if (valueFlags.includes(flag)) {
      values.set(flag, argv[i + 1] ?? '');
      i += 1;
    } else {
      throw new HarnessUsageError(`unknown option "${flag}"`);
    }
  }
  return { values, switches };
}

const NUMBER_RULES = {
  positive: { holds: (value: number) => value > 0, wants: 'a positive number' },
  'not-negative': { holds: (value: number) => value >= 0, wants: 'a number of 0 or more' },
  whole: { holds: (value: number) => Number.isInteger(value) && value >= 1, wants: 'a whole number' },
  'whole-or-zero': { holds: (value: number) => Number.isInteger(value) && value >= 0, wants: 'a whole number' },
} as const;

export type NumberRule = keyof typeof NUMBER_RULES;

/** The option's number, or undefined when it was not given; throws naming the option when it breaks the rule. */
export function numberFlag(flags: ReadFlags, flag: string, rule: NumberRule): number | undefined {
  const raw = flags.values.get(flag);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !NUMBER_RULES[rule].holds(value)) throw new HarnessUsageError(`${flag} takes ${NUMBER_RULES[rule].wants}, got "${raw}"`);
  return value;
}

/** A local stack's name (it becomes a folder and a process marker). */
export function stackNameFlag(flags: ReadFlags, fallback: string): string {
  const stack = flags.values.get('--stack') ?? fallback;
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(stack)) throw new HarnessUsageError(`--stack takes a name of lower-case letters, digits and dashes, got "${stack}"`);
  return stack;
}
