import { mkdtemp, readFile, rm, stat, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSpool } from './file-spool';
import { SpoolFullError } from './spool-full.error';

describe('FileSpool', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'spool-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function openSpool(maxBytes = 1_000_000): Promise<FileSpool<{ n: number }>> {
    const spool = new FileSpool<{ n: number }>({ directory, maxBytes });
    await spool.open();
    return spool;
  }

  it('keeps appended entries in order and on disk before the append resolves', async () => {
    const spool = await openSpool();
    await Promise.all([1, 2, 3].map((n) => spool.append({ n })));
    const onDisk = await readFile(join(directory, 'spool.log'), 'utf8');
    expect(onDisk.trim().split('\n')).toHaveLength(3);
    expect(spool.peek(10).map((entry) => entry.payload.n)).toEqual([1, 2, 3]);
    await spool.close();
  });

  it('survives a restart: unacknowledged entries come back in order, acknowledged ones do not', async () => {
    const first = await openSpool();
    for (const n of [1, 2, 3, 4]) await first.append({ n });
    const [, second] = first.peek(2);
    await first.ack(second?.seq ?? 0);
    await first.close();

    const reopened = await openSpool();
    expect(reopened.peek(10).map((entry) => entry.payload.n)).toEqual([3, 4]);
    const next = await reopened.append({ n: 5 });
    expect(next.seq).toBe(5);
    await reopened.close();
  });

  it('empties the log once everything is acknowledged and keeps sequence numbers growing', async () => {
    const spool = await openSpool();
    await spool.append({ n: 1 });
    const last = await spool.append({ n: 2 });
    await spool.ack(last.seq);
    expect((await stat(join(directory, 'spool.log'))).size).toBe(0);
    await spool.close();

    const reopened = await openSpool();
    expect(reopened.length).toBe(0);
    expect((await reopened.append({ n: 3 })).seq).toBe(3);
    await reopened.close();
  });

  it('drops a torn last line left by a crash mid-write', async () => {
    const spool = await openSpool();
    await spool.append({ n: 1 });
    await spool.close();
    await appendFile(join(directory, 'spool.log'), '{"seq":2,"payl');

    const reopened = await openSpool();
    expect(reopened.peek(10).map((entry) => entry.payload.n)).toEqual([1]);
    await reopened.append({ n: 2 });
    await reopened.close();
    const again = await openSpool();
    expect(again.peek(10).map((entry) => entry.payload.n)).toEqual([1, 2]);
    await again.close();
  });

  it('refuses an entry that would pass the byte limit, storing nothing', async () => {
    const spool = await openSpool(60);
    await spool.append({ n: 1 });
    await expect(spool.append({ n: 123456789 })).rejects.toBeInstanceOf(SpoolFullError);
    expect(spool.length).toBe(1);
    const [only] = spool.peek(1);
    await spool.ack(only?.seq ?? 0);
    await expect(spool.append({ n: 2 })).resolves.toMatchObject({ payload: { n: 2 } });
    await spool.close();
  });
});
