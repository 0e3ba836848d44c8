import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { BaseConfig, ConfigProblem } from '@tributary/platform-config';
import type { z } from 'zod';

/** What an app tells the shared bootstrap: its name, its own variables and its module. */
export interface AppDefinition<TSchema extends z.ZodObject> {
  readonly name: string;
  /** One paragraph for `--help`. */
  readonly summary: string;
  /** The app's own variables; the shared ones (HTTP_*, KAFKA_*, LOG_LEVEL…) are added by the bootstrap. */
  readonly configSchema: TSchema;
  /**
   * Rules across variables, checked once each variable has its own shape. A `superRefine` on
   * `configSchema` would be lost: the bootstrap builds its schema from the fields alone.
   */
  readonly configProblems?: (config: AppConfig<TSchema>) => readonly ConfigProblem[];
  readonly module: (config: AppConfig<TSchema>) => DynamicModule;
  /** Set-up that needs the application itself (e.g. serving an OpenAPI page), before it listens. */
  readonly configure?: (app: INestApplication) => void;
}

export type AppConfig<TSchema extends z.ZodObject> = BaseConfig & z.infer<TSchema>;
