import { IntakeGate } from './intake-gate';

describe('IntakeGate', () => {
  it('lets the allowed number through at once and the next in line only when one is released', async () => {
    const gate = new IntakeGate(2, 10);
    const first = await gate.enter();
    await gate.enter();
    let thirdIn = false;
    const third = gate.enter()?.then((release) => {
      thirdIn = true;
      return release;
    });
    await Promise.resolve();
    expect(thirdIn).toBe(false);
    expect(gate.queued).toBe(1);

    first?.();
    await third;
    expect(thirdIn).toBe(true);
    expect(gate.queued).toBe(0);
  });

  it('serves the queue in arrival order, and a slot released twice frees one place only', async () => {
    const gate = new IntakeGate(1, 10);
    const release = await gate.enter();
    const order: number[] = [];
    const waiting = [1, 2, 3].map((n) => gate.enter()?.then((next) => (order.push(n), next)));
    release?.();
    release?.();
    const second = await waiting[0];
    expect(order).toEqual([1]);
    second?.();
    (await waiting[1])?.();
    await waiting[2];
    expect(order).toEqual([1, 2, 3]);
  });

  it('refuses once the queue is full', async () => {
    const gate = new IntakeGate(1, 3);
    await gate.enter();
    const queued = [gate.enter(), gate.enter(), gate.enter()];
    expect(queued.every((entry) => entry !== undefined)).toBe(true);
    expect(gate.enter()).toBeUndefined();
  });

  it('asks a refused message back after the time the queue ahead takes at the recent pace', async () => {
    jest.useFakeTimers();
    try {
      const gate = new IntakeGate(2, 100);
      // Messages recently held their slot about half a second each.
      for (let i = 0; i < 40; i += 1) {
        const release = await gate.enter();
        jest.advanceTimersByTime(500);
        release?.();
      }
      await gate.enter();
      await gate.enter();
      for (let i = 0; i < 10; i += 1) void gate.enter();
      const short = gate.retryAfterMs();
      for (let i = 0; i < 40; i += 1) void gate.enter();
      const long = gate.retryAfterMs();
      expect(short).toBeGreaterThan(2_000);
      expect(short).toBeLessThanOrEqual(2_500);
      expect(long).toBeGreaterThan(4 * short);
    } finally {
      jest.useRealTimers();
    }
  });
});
