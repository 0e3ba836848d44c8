/** Reading parsed YAML without `any`: each step narrows, a missing step yields undefined. */
export type JsonRecord = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function field(value: unknown, ...path: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const record = asRecord(current);
    if (record === undefined) return undefined;
    current = record[key];
  }
  return current;
}

export function records(value: unknown): JsonRecord[] {
  return asArray(value).flatMap((item) => {
    const record = asRecord(item);
    return record === undefined ? [] : [record];
  });
}
