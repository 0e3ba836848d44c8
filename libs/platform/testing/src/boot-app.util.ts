import type { INestApplication } from '@nestjs/common';
import { createApp, loadAppConfig, type AppDefinition } from '@tributary/platform-app';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';

export interface BootedApp {
  readonly app: INestApplication;
  readonly baseUrl: string;
  get(path: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/**
 * Boots an app in this process exactly as its main.ts would (same config validation, same
 * modules), listening on a free loopback port. Logs go nowhere unless LOG_LEVEL asks for them.
 */
export async function bootApp<TSchema extends z.ZodObject>(definition: AppDefinition<TSchema>, env: NodeJS.ProcessEnv): Promise<BootedApp> {
  const fullEnv = { LOG_LEVEL: 'error', ...env, HTTP_HOST: '127.0.0.1' };
  const config = loadAppConfig(definition, fullEnv);
  const { app } = await createApp(definition, config, fullEnv);
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    async get(path) {
      const response = await fetch(`${baseUrl}${path}`);
      return { status: response.status, body: await response.text() };
    },
    close: () => app.close(),
  };
}
