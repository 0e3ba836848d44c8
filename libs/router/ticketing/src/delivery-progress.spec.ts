import type { DeliveryState } from '@tributary/contracts';
import { advancesDelivery } from './delivery-progress';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 12, 0, second));
const position = (state: DeliveryState, second = 0) => ({ state, occurredAt: at(second) });

describe('advancesDelivery', () => {
  it('accepts the first report whatever it says', () => {
    expect(advancesDelivery(null, position('delivered'))).toBe(true);
    expect(advancesDelivery(null, position('queued'))).toBe(true);
  });

  it.each([
    ['queued', 'sent'],
    ['sent', 'delivered'],
    ['delivered', 'read'],
    ['sent', 'failed'],
    ['queued', 'undelivered'],
    ['failed', 'delivered'],
  ] as const)('moves forward from %s to %s', (from, to) => {
    expect(advancesDelivery(position(from, 1), position(to, 2))).toBe(true);
  });

  it.each([
    ['delivered', 'sent'],
    ['read', 'delivered'],
    ['delivered', 'failed'],
    ['failed', 'sent'],
    ['sent', 'queued'],
    ['sent', 'sent'],
  ] as const)('never moves back from %s to %s, even when the late report is newer', (from, to) => {
    expect(advancesDelivery(position(from, 1), position(to, 9))).toBe(false);
  });

  it('lets the later of two failures of the same rank win', () => {
    expect(advancesDelivery(position('undelivered', 1), position('failed', 2))).toBe(true);
    expect(advancesDelivery(position('failed', 2), position('undelivered', 1))).toBe(false);
  });
});
