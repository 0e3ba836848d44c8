import 'reflect-metadata';
import { ConfigError, renderConfigHelp } from '@tributary/platform-config';
import type { z } from 'zod';
import type { AppConfig, AppDefinition } from './app-definition';
import { createApp, fullConfigSchema, loadAppConfig } from './create-app';

/** sysexits.h EX_CONFIG: lets supervisors tell "misconfigured" from "crashed". */
export const EXIT_CONFIG_ERROR = 78;

/**
 * The whole life of an app process: `--help`, config validated before anything starts, HTTP
 * server, and a graceful shutdown on SIGTERM/SIGINT bounded by SHUTDOWN_TIMEOUT_MS.
 */
export async function runApp<TSchema extends z.ZodObject>(definition: AppDefinition<TSchema>): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`tributary ${definition.name}: ${definition.summary}\n\n${renderConfigHelp(definition.name, fullConfigSchema(definition))}`);
    return;
  }

  let config: AppConfig<TSchema>;
  try {
    config = loadAppConfig(definition, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`tributary ${definition.name} cannot start. ${error.message}\nRun with --help to see every variable.\n`);
    process.exit(EXIT_CONFIG_ERROR);
  }

  const { app, logger } = await createApp(definition, config, process.env);
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.event('info', 'Lifecycle', 'shutting down', { signal });
    setTimeout(() => {
      logger.event('error', 'Lifecycle', 'graceful shutdown timed out; exiting', { timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
    app
      .close()
      .then(() => {
        logger.event('info', 'Lifecycle', 'stopped cleanly');
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.event('error', 'Lifecycle', 'shutdown failed', { error });
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  await app.listen(config.HTTP_PORT, config.HTTP_HOST);
  logger.event('info', 'Lifecycle', 'listening', { url: `http://${config.HTTP_HOST}:${config.HTTP_PORT}`, pid: process.pid });
}
