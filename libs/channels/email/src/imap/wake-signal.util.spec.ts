import { WakeSignal } from './wake-signal.util';

describe('WakeSignal', () => {
  it('ends a wait as soon as it is notified', async () => {
    const signal = new WakeSignal();
    const waiting = signal.wait(60_000);
    signal.notify();
    await waiting;
  });

  it('remembers a notification that came before the wait (new mail while a sweep ran)', async () => {
    const signal = new WakeSignal();
    signal.notify();
    await signal.wait(60_000);
  });
});
