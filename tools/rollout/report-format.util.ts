/** Small formatters the harness's reports share. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Wall-clock time of day, UTC, to the millisecond. */
export const clock = (at: number): string => new Date(at).toISOString().slice(11, 23);

/** A tally of answers, e.g. `451 ×12, timeout ×3`. */
export const counts = (tally: Readonly<Record<string, number>>): string =>
  Object.entries(tally)
    .map(([answer, n]) => `${answer} ×${n}`)
    .join(', ') || 'none';

/** How many, and the first twenty. */
export const list = (values: readonly (number | string)[]): string =>
  values.length === 0 ? '0' : `${values.length}: ${values.slice(0, 20).join(', ')}${values.length > 20 ? ', …' : ''}`;

/** A duration for a latency table: milliseconds below ten seconds, seconds above. */
export const millis = (ms: number | undefined): string => (ms === undefined ? '–' : ms < 10_000 ? `${Math.round(ms)} ms` : seconds(ms));

/** Bytes as mebibytes. */
export const mib = (bytes: number | undefined): string => (bytes === undefined ? '–' : `${(bytes / 1024 / 1024).toFixed(0)} MB`);
