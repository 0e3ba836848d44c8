import { appStatuses, startApps, stopApps, waitForApps } from '../gateway/app-processes';

/**
 * What `./tributary start` promises, on the real servers: all five apps start as their own
 * processes and every /health/ready answers 200; starting again reuses them; stopping ends them.
 */
describe('local gateway', () => {
  const stackName = process.env['TRIBUTARY_STACK_NAME'] ?? 'test';
  const stackEnv = Object.fromEntries(
    ['KAFKA_BROKERS', 'DATABASE_URL', 'MAIL_HOST', 'MAIL_SMTP_PORT', 'MAIL_IMAP_PORT'].flatMap((name) => {
      const value = process.env[name];
      return value ? [[name, value]] : [];
    }),
  );

  afterAll(() => stopApps(stackName), 60_000);

  it('starts the five apps and every one turns ready', async () => {
    await startApps(stackName, stackEnv);
    const statuses = await waitForApps(stackName, 120_000, () => undefined);
    expect(statuses.map((status) => [status.name, status.ready])).toEqual([
      ['router', true],
      ['email-ingest', true],
      ['voice-ingest', true],
      ['chat-ingest', true],
      ['social-ingest', true],
    ]);
    for (const status of statuses) {
      const metrics = await fetch(`${status.url}/metrics`).then((response) => response.text());
      expect(metrics).toContain(`process_resident_memory_bytes{app="${status.name}"}`);
    }
  }, 180_000);

  it('reuses the running apps when started again', async () => {
    const before = await appStatuses(stackName);
    await startApps(stackName, stackEnv);
    const after = await appStatuses(stackName);
    expect(after.map((status) => status.pid)).toEqual(before.map((status) => status.pid));
    expect(after.every((status) => status.pid !== undefined)).toBe(true);
    expect(after.every((status) => status.ready)).toBe(true);
  }, 60_000);

  it('stops every app cleanly', async () => {
    const running = await appStatuses(stackName);
    await stopApps(stackName);
    for (const status of running) {
      await expect(fetch(`${status.url}/health/live`)).rejects.toThrow();
    }
  }, 60_000);
});
