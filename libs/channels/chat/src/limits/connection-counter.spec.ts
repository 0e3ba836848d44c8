import { ConnectionCounter } from './connection-counter';

describe('ConnectionCounter', () => {
  it('refuses a key past its maximum until one of its sockets is released', () => {
    const counter = new ConnectionCounter(2);
    expect([counter.acquire('1.2.3.4'), counter.acquire('1.2.3.4'), counter.acquire('1.2.3.4')]).toEqual([true, true, false]);
    expect(counter.acquire('5.6.7.8')).toBe(true);
    counter.release('1.2.3.4');
    expect(counter.acquire('1.2.3.4')).toBe(true);
    expect(counter.count('1.2.3.4')).toBe(2);
  });

  it('never counts below zero', () => {
    const counter = new ConnectionCounter(1);
    counter.release('x');
    expect(counter.count('x')).toBe(0);
    expect(counter.acquire('x')).toBe(true);
  });
});
