import { HealthIndicator } from './health-indicator';
import { ReadinessService } from './readiness.service';

const up: HealthIndicator = { name: 'kafka', check: () => Promise.resolve() };
const down: HealthIndicator = { name: 'postgres', check: () => Promise.reject(new Error('connection refused')) };
const hung: HealthIndicator = { name: 'imap', check: () => new Promise<void>(() => undefined) };

describe('ReadinessService', () => {
  it('is ready when every indicator is up', async () => {
    await expect(new ReadinessService([up]).report()).resolves.toEqual({ ready: true, checks: { kafka: { status: 'up' } } });
  });

  it('is not ready when one indicator is down, and says why', async () => {
    const report = await new ReadinessService([up, down]).report();
    expect(report.ready).toBe(false);
    expect(report.checks['postgres']).toEqual({ status: 'down', reason: 'connection refused' });
  });

  it('counts an indicator that never answers as down', async () => {
    const report = await new ReadinessService([hung]).report();
    expect(report.checks['imap']).toEqual({ status: 'down', reason: 'no answer within 2000 ms' });
  });

  it('stops being ready once shutdown begins', async () => {
    const service = new ReadinessService([up]);
    service.beforeApplicationShutdown();
    expect((await service.report()).ready).toBe(false);
  });
});
