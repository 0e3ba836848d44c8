import { orderItems, parseTestOrder } from './test-order.util';

const names = ['router', 'channel-email', 'voice-ingest', 'platform-kafka', 'local-stack'];
const same = (name: string): string => name;

describe('parseTestOrder', () => {
  it('reads unset, default, reverse and shuffle with a seed', () => {
    expect(parseTestOrder(undefined)).toEqual({ kind: 'default' });
    expect(parseTestOrder('')).toEqual({ kind: 'default' });
    expect(parseTestOrder('default')).toEqual({ kind: 'default' });
    expect(parseTestOrder('reverse')).toEqual({ kind: 'reverse' });
    expect(parseTestOrder('shuffle:42')).toEqual({ kind: 'shuffle', seed: '42' });
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => parseTestOrder('shuffle')).toThrow(/TRIBUTARY_TEST_ORDER must be "reverse" or "shuffle:<seed>"/);
    expect(() => parseTestOrder('random')).toThrow(/got "random"/);
  });
});

describe('orderItems', () => {
  it('keeps the given order by default', () => {
    expect(orderItems(names, { kind: 'default' }, same)).toEqual(names);
  });

  it('reverses the order by name', () => {
    expect(orderItems(names, { kind: 'reverse' }, same)).toEqual(['voice-ingest', 'router', 'platform-kafka', 'local-stack', 'channel-email']);
  });

  it('shuffles the same way for the same seed and salt whatever the input order, differently for another seed', () => {
    const once = orderItems(names, { kind: 'shuffle', seed: '7' }, same, 'projects');
    expect(orderItems([...names].reverse(), { kind: 'shuffle', seed: '7' }, same, 'projects')).toEqual(once);
    expect([...once].sort()).toEqual([...names].sort());
    const seeds = ['1', '2', '3', '4', '5'].map((seed) => orderItems(names, { kind: 'shuffle', seed }, same, 'projects').join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('does not change the items it is given', () => {
    const items = [...names];
    orderItems(items, { kind: 'reverse' }, same);
    expect(items).toEqual(names);
  });
});
