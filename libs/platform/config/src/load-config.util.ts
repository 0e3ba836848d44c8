import { z } from 'zod';
import { ConfigError } from './config.error';

/**
 * Validates environment variables against an app's schema. Empty strings count as unset, so
 * `FOO=` in an env file means "use the default" rather than "set to nothing".
 */
export function loadConfig<TSchema extends z.ZodObject>(schema: TSchema, env: NodeJS.ProcessEnv = process.env): z.infer<TSchema> {
  const input: Record<string, string | undefined> = {};
  for (const name of Object.keys(schema.shape)) {
    const value = env[name];
    input[name] = value === '' ? undefined : value;
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(config)');
      const missing = input[variable] === undefined && issue.code === 'invalid_type';
      const described = (schema.shape as Record<string, z.ZodType>)[variable]?.description;
      return { variable, message: missing ? `is required${described ? ` (${described})` : ''}` : issue.message };
    }),
  );
}
