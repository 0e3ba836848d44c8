import { Registry } from 'prom-client';
import { VoicemailMetrics } from './voicemail-metrics';

describe('VoicemailMetrics', () => {
  async function scrape(registry: Registry): Promise<string | undefined> {
    return /^tributary_voice_pending_voicemails (\d+)$/m.exec(await registry.metrics())?.[1];
  }

  it('reads the backlog every replica shares at scrape time', async () => {
    const registry = new Registry();
    let backlog = 3;
    new VoicemailMetrics(registry, { count: () => Promise.resolve(backlog) });
    expect(await scrape(registry)).toBe('3');
    backlog = 0;
    expect(await scrape(registry)).toBe('0');
  });

  it('answers a scrape with the last count it got while the database fails or does not answer in time', async () => {
    const registry = new Registry();
    let answer: () => Promise<number> = () => Promise.resolve(2);
    new VoicemailMetrics(registry, { count: () => answer() }, { countWaitMs: 50 });
    expect(await scrape(registry)).toBe('2');
    answer = () => Promise.reject(new Error('connect ECONNREFUSED'));
    expect(await scrape(registry)).toBe('2');
    answer = () => new Promise(() => undefined);
    const started = Date.now();
    expect(await scrape(registry)).toBe('2');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('reports 0 until the database gave a count', async () => {
    const registry = new Registry();
    new VoicemailMetrics(registry, { count: () => Promise.reject(new Error('not connected yet')) });
    expect(await scrape(registry)).toBe('0');
  });
});
