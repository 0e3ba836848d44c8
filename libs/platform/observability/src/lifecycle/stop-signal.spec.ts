import { StopSignal } from './stop-signal';

describe('StopSignal', () => {
  it('wakes a sleeping loop as soon as it is stopped', async () => {
    const signal = new StopSignal();
    const started = Date.now();
    const sleeping = signal.sleep(60_000);
    signal.stop();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(signal.isStopped).toBe(true);
  });

  it('sleeps the full time while running', async () => {
    const started = Date.now();
    await new StopSignal().sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
