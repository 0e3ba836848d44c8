import { GroupCommit, type GroupRejection } from './group-commit';

/** A unit of work the test finishes by hand, recording what each run was given. */
function controlledWork() {
  const runs: { items: readonly string[]; finish: (rejected?: GroupRejection[]) => void; fail: (error: Error) => void }[] = [];
  const work = (items: readonly string[]) =>
    new Promise<readonly GroupRejection[]>((resolve, reject) => {
      runs.push({ items, finish: (rejected = []) => resolve(rejected), fail: reject });
    });
  return { runs, work };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('does the lists handed in while a run is busy together in the next run, each in its order', async () => {
    const { runs, work } = controlledWork();
    const group = new GroupCommit(work, 100);
    const first = group.submit(['p0-a']);
    const second = group.submit(['p1-a', 'p1-b']);
    const third = group.submit(['p2-a']);
    await settle();
    expect(runs.map((run) => run.items)).toEqual([['p0-a']]);

    runs[0]?.finish();
    await expect(first).resolves.toEqual([]);
    await settle();
    expect(runs.map((run) => run.items)).toEqual([['p0-a'], ['p1-a', 'p1-b', 'p2-a']]);

    // Rejections come back to the caller that handed the item in, by its own index.
    runs[1]?.finish([{ index: 1, reason: 'bad p1-b' }, { index: 2, reason: 'bad p2-a' }]);
    await expect(second).resolves.toEqual([{ index: 1, reason: 'bad p1-b' }]);
    await expect(third).resolves.toEqual([{ index: 0, reason: 'bad p2-a' }]);
  });

  it('fails every caller of a failed run, and the next run still starts', async () => {
    const { runs, work } = controlledWork();
    const group = new GroupCommit(work, 100);
    const blocker = group.submit(['x']);
    const a = group.submit(['a']);
    const b = group.submit(['b']);
    await settle();
    runs[0]?.finish();
    await blocker;
    await settle();
    runs[1]?.fail(new Error('connection lost'));
    await expect(a).rejects.toThrow('connection lost');
    await expect(b).rejects.toThrow('connection lost');

    const later = group.submit(['c']);
    await settle();
    runs[2]?.finish();
    await expect(later).resolves.toEqual([]);
    expect(runs.map((run) => run.items)).toEqual([['x'], ['a', 'b'], ['c']]);
  });

  it('stops a group at the size limit without splitting a caller’s list', async () => {
    const { runs, work } = controlledWork();
    const group = new GroupCommit(work, 3);
    const submitted = [group.submit(['busy']), group.submit(['a1', 'a2']), group.submit(['b1', 'b2']), group.submit(['c1', 'c2', 'c3', 'c4'])];
    for (let run = 0; run < 4; run += 1) {
      await settle();
      runs[run]?.finish();
    }
    await Promise.all(submitted);
    expect(runs.map((run) => run.items)).toEqual([['busy'], ['a1', 'a2'], ['b1', 'b2'], ['c1', 'c2', 'c3', 'c4']]);
  });
});
