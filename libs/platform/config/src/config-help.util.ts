import { z } from 'zod';
import { isSecret } from './secret.util';

export interface ConfigVariableHelp {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly defaultValue: string | undefined;
  readonly secret: boolean;
}

/** One row per variable of a config schema, for `--help` and the README's table. */
export function describeConfig(schema: z.ZodObject): ConfigVariableHelp[] {
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const defaulted = field.safeParse(undefined);
    return {
      name,
      description: field.description ?? '',
      required: !defaulted.success,
      defaultValue: defaulted.success && defaulted.data !== undefined ? formatDefault(defaulted.data) : undefined,
      secret: isSecret(field),
    };
  });
}

function formatDefault(value: unknown): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

export function renderConfigHelp(appName: string, schema: z.ZodObject): string {
  const rows = describeConfig(schema);
  const width = Math.max(...rows.map((row) => row.name.length));
  const lines = rows.map((row) => {
    const status = row.required ? 'required' : row.defaultValue === undefined ? 'optional' : `default ${row.defaultValue}`;
    return `  ${row.name.padEnd(width)}  ${row.description} [${status}${row.secret ? ', secret' : ''}]`;
  });
  return `${appName}: configured by environment variables.\n\n${lines.join('\n')}\n`;
}
