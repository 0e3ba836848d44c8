import { SmtpByteBudget } from './smtp-byte-budget';

describe('SmtpByteBudget', () => {
  it('refuses a take that would go over the limit and keeps what was taken before', () => {
    const budget = new SmtpByteBudget(100);
    expect(budget.tryTake(60)).toBe(true);
    expect(budget.tryTake(41)).toBe(false);
    expect(budget.inUse).toBe(60);
    expect(budget.tryTake(40)).toBe(true);
    expect(budget.available).toBe(0);
  });

  it('makes given-back bytes available again, and refuses to give back more than was taken', () => {
    const budget = new SmtpByteBudget(100);
    budget.tryTake(100);
    budget.give(100);
    expect(budget.tryTake(100)).toBe(true);
    expect(() => budget.give(101)).toThrow(RangeError);
  });
});
