import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { stackPortOffset } from './port-plan';
import { isPortFree, selectPorts } from './port-selection.util';
import { StackError, StackErrorCode } from './stack.error';

const takenBy =
  (...ports: number[]) =>
  (port: number): Promise<boolean> =>
    Promise.resolve(!ports.includes(port));
const request = { stackName: 'dev', env: {}, reserved: new Set<number>(), isFree: takenBy() };

describe('selectPorts', () => {
  it('uses the stack defaults when they are free', async () => {
    await expect(selectPorts({ ...request, component: 'kafka' })).resolves.toEqual({ broker: 19092, controller: 19093 });
    await expect(selectPorts({ ...request, component: 'mail', stackName: 'test' })).resolves.toEqual({ smtp: 14025, imap: 14143 });
  });

  it('moves past a taken default port without handing one port to two listeners', async () => {
    const ports = await selectPorts({ ...request, component: 'kafka', isFree: takenBy(19092, 19093) });
    expect(ports).toEqual({ broker: 19094, controller: 19095 });
  });

  it('skips ports reserved by other components of the stack', async () => {
    const ports = await selectPorts({ ...request, component: 'postgres', reserved: new Set([15432, 15433]) });
    expect(ports).toEqual({ port: 15434 });
  });

  it('fails naming the variable when a pinned port is taken', async () => {
    const env = { TRIBUTARY_KAFKA_PORT: '29092' };
    const attempt = selectPorts({ ...request, component: 'kafka', env, isFree: takenBy(29092) });
    await expect(attempt).rejects.toThrow(/TRIBUTARY_KAFKA_PORT=29092/);
    await expect(attempt).rejects.toMatchObject({ code: StackErrorCode.PortUnavailable });
  });

  it('honours a free pinned port over the default and the recorded one', async () => {
    const env = { TRIBUTARY_SMTP_PORT: '2525' };
    const ports = await selectPorts({ ...request, component: 'mail', env, recorded: { smtp: 13025, imap: 13143 } });
    expect(ports).toEqual({ smtp: 2525, imap: 13143 });
  });

  it('rejects pinned values that are not ports, and the system PostgreSQL port', async () => {
    await expect(selectPorts({ ...request, component: 'postgres', env: { TRIBUTARY_POSTGRES_PORT: 'abc' } })).rejects.toThrow(
      /TRIBUTARY_POSTGRES_PORT="abc"/,
    );
    await expect(selectPorts({ ...request, component: 'postgres', env: { TRIBUTARY_POSTGRES_PORT: '5432' } })).rejects.toThrow(
      /TRIBUTARY_POSTGRES_PORT=5432 is reserved/,
    );
  });

  it('keeps recorded ports so clients reconnect to the same address', async () => {
    const ports = await selectPorts({ ...request, component: 'kafka', recorded: { broker: 19500, controller: 19501 } });
    expect(ports).toEqual({ broker: 19500, controller: 19501 });
  });

  it('fails instead of moving when a recorded port was taken by something else', async () => {
    const attempt = selectPorts({ ...request, component: 'kafka', recorded: { broker: 19500, controller: 19501 }, isFree: takenBy(19500) });
    await expect(attempt).rejects.toBeInstanceOf(StackError);
    await expect(attempt).rejects.toThrow(/port 19500 \(recorded in stack.json\)/);
  });
});

describe('stackPortOffset', () => {
  it('gives dev, test and other stacks separate port blocks', () => {
    const offsets = ['dev', 'test', 'scratch'].map(stackPortOffset);
    expect(offsets.slice(0, 2)).toEqual([0, 1000]);
    expect(offsets[2]).toBeGreaterThanOrEqual(2000);
    expect(new Set(offsets).size).toBe(3);
    expect(stackPortOffset('scratch')).toBe(offsets[2]);
  });
});

describe('isPortFree', () => {
  it('reports a listening port as taken and a closed one as free', async () => {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    await expect(isPortFree(address.port)).resolves.toBe(false);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(isPortFree(address.port)).resolves.toBe(true);
  });
});
