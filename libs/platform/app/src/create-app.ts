import type { INestApplication } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { ConfigError, baseConfigSchema, loadConfig, secretValues } from '@tributary/platform-config';
import { JsonLogger, LoggingModule, MetricsModule } from '@tributary/platform-observability';
import type { Server } from 'node:http';
import type { z } from 'zod';
import type { AppConfig, AppDefinition } from './app-definition';
import { BodyReaderGuard } from './body-reader.guard';
import { HttpExceptionLoggingFilter } from './http-exception-logging.filter';
import { httpServerConfigProblems } from './http-server-config-problems.util';
import { applyHttpServerTimeouts } from './http-server-timeouts.util';

class TributaryAppRoot {}

/** Every variable of an app: the shared ones plus its own. */
export function fullConfigSchema(definition: AppDefinition<z.ZodObject>): z.ZodObject {
  // Extending takes the app's fields alone: a refinement of its schema would silently never run.
  if ((definition.configSchema._zod.def.checks ?? []).length > 0) {
    throw new Error(`${definition.name}: rules across variables belong in configProblems; a refinement of configSchema is never checked`);
  }
  return baseConfigSchema.extend(definition.configSchema.shape);
}

/** Validates the environment for an app; throws ConfigError naming each bad variable. */
export function loadAppConfig<TSchema extends z.ZodObject>(definition: AppDefinition<TSchema>, env: NodeJS.ProcessEnv): AppConfig<TSchema> {
  // The full schema is base + the app's shape, so its output is exactly AppConfig<TSchema>.
  const config = loadConfig(fullConfigSchema(definition), env) as AppConfig<TSchema>;
  const problems = [...httpServerConfigProblems(config), ...(definition.configProblems?.(config) ?? [])];
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Builds the Nest app with the shared parts around the app's own module: JSON logging, metrics,
 * HTTP server timeouts, bodies read with each route's limit (raw bytes kept as `req.rawBody`), and
 * unhandled exceptions logged by fault (4xx a warning, 5xx an error with its stack).
 */
export async function createApp<TSchema extends z.ZodObject>(
  definition: AppDefinition<TSchema>,
  config: AppConfig<TSchema>,
  env: NodeJS.ProcessEnv,
): Promise<{ app: INestApplication; logger: JsonLogger }> {
  const logger = new JsonLogger({ app: definition.name, level: config.LOG_LEVEL, secrets: secretValues(fullConfigSchema(definition), env) });
  const app = await NestFactory.create(
    {
      module: TributaryAppRoot,
      imports: [LoggingModule.forRoot(logger), MetricsModule.forRoot({ app: definition.name }), definition.module(config)],
    },
    // Bodies are read by BodyReaderGuard, which knows each route's limit; Nest's global parsers would
    // read every body first with one limit for all.
    { logger, abortOnError: false, bodyParser: false },
  );
  applyHttpServerTimeouts(app.getHttpServer() as Server, config);
  app.useGlobalGuards(new BodyReaderGuard(app.get(Reflector), config.HTTP_BODY_LIMIT_BYTES));
  // Before init: Nest builds the Express error handler (errors raised outside routes) from the global filters then.
  app.useGlobalFilters(new HttpExceptionLoggingFilter(app.getHttpAdapter(), logger));
  definition.configure?.(app);
  return { app, logger };
}
