import type { AppDefinition } from '@tributary/platform-app';
import type { z } from 'zod';
import { bootApp, type BootedApp } from './boot-app.util';

/**
 * The promise every Tributary app makes without any server around it: it starts, answers
 * liveness, serves Prometheus metrics, and reports "not ready" (naming Kafka) while no broker
 * answers, instead of crashing or pretending to be ready.
 */
export function describeAppWithoutKafka<TSchema extends z.ZodObject>(definition: AppDefinition<TSchema>, extraEnv: NodeJS.ProcessEnv = {}): void {
  describe(`${definition.name} without a reachable broker`, () => {
    let booted: BootedApp;

    beforeAll(async () => {
      // Port 1 on loopback: nothing listens there, so connections are refused at once.
      booted = await bootApp(definition, { KAFKA_BROKERS: '127.0.0.1:1', ...extraEnv });
    });
    afterAll(() => booted.close());

    it('answers liveness', async () => {
      expect(await booted.get('/health/live')).toEqual({ status: 200, body: '{"status":"ok"}' });
    });

    it('is not ready, and says Kafka is why', async () => {
      const ready = await booted.get('/health/ready');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body)).toMatchObject({ ready: false, checks: { kafka: { status: 'down' } } });
    });

    it('serves Prometheus metrics labelled with the app name', async () => {
      const metrics = await booted.get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.body).toContain(`process_resident_memory_bytes{app="${definition.name}"}`);
    });
  });
}
