import { WakeSignal } from './wake-signal.util';

/** True when the wait ended before `ms` (a wake-up), false when it ran out. */
async function wokenWithin(signal: WakeSignal, ms: number): Promise<boolean> {
  let woken = true;
  const expired = new Promise<void>((resolve) => setTimeout(() => {
    woken = false;
    resolve();
  }, ms));
  await Promise.race([signal.wait(60_000), expired]);
  if (!woken) signal.notify(); // ends the wait still pending
  return woken;
}

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

  it('keeps a second notification that arrives right after the first ended a wait: one more sweep follows, no wake-up is lost', async () => {
    const signal = new WakeSignal();
    const waiting = signal.wait(60_000);
    // Two EXISTS in one socket read: the first ends the wait, the second is for mail the sweep may miss.
    signal.notify();
    signal.notify();
    await waiting;
    expect(await wokenWithin(signal, 200)).toBe(true);
  });

  it('a wait that ran out does not swallow the next notification', async () => {
    const signal = new WakeSignal();
    await signal.wait(1);
    signal.notify();
    expect(await wokenWithin(signal, 200)).toBe(true);
  });

  it('does not wake twice for one notification', async () => {
    const signal = new WakeSignal();
    const waiting = signal.wait(60_000);
    signal.notify();
    await waiting;
    expect(await wokenWithin(signal, 50)).toBe(false);
  });
});
