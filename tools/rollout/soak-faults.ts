import { signalServer, startFaultStack } from '@tributary/fault-oracle';
import { componentPid } from '@tributary/local-stack';
import { waitFor } from '@tributary/platform-testing';
import type { RolloutDeployment } from './rollout-deployment';
import type { FaultTimes } from './soak-plan.util';

/** One fault as it happened: when it struck, when the victim was gone, started again and ready. */
export interface FaultRecord {
  readonly victim: string;
  /** When it was due, in milliseconds after the load started (it waits for an earlier fault to be over). */
  readonly plannedMs: number;
  readonly killedAt: number;
  readonly exitedAt: number;
  readonly startedAt: number;
  readonly readyAt: number;
  readonly exit: string;
}

/** Where the faults strike: the stack's broker and the deployment's first router replica. */
export interface FaultTargets {
  readonly stack: string;
  readonly deployment: RolloutDeployment;
  readonly brokerDownMs: number;
  readonly routerDownMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Runs the soak's two faults at their times, one after the other: the Kafka broker SIGKILLed and,
 * after `brokerDownMs`, started again on its ports with its data (as the fault suite does); router
 * replica 1 SIGKILLed and started again after `routerDownMs`. Stops early, before a fault not yet
 * struck, once `cancelled` says so (a run that failed).
 */
export async function runFaults(times: FaultTimes, targets: FaultTargets, loadStartedAt: number, log: (line: string) => void, cancelled: () => boolean): Promise<FaultRecord[]> {
  const planned = [
    { plannedMs: times.brokerKillMs, strike: () => crashBroker(targets) },
    { plannedMs: times.routerKillMs, strike: () => crashRouter(targets) },
  ].sort((a, b) => a.plannedMs - b.plannedMs);
  const records: FaultRecord[] = [];
  for (const fault of planned) {
    await sleep(loadStartedAt + fault.plannedMs - Date.now());
    if (cancelled()) break;
    const record = { plannedMs: fault.plannedMs, ...(await fault.strike()) };
    log(`${record.victim}: SIGKILL at ${((record.killedAt - loadStartedAt) / 1000).toFixed(1)} s, ${record.exit}, started again after ${record.startedAt - record.exitedAt} ms, ready ${record.readyAt - record.startedAt} ms later`);
    records.push(record);
  }
  return records;
}

async function crashBroker({ stack, brokerDownMs }: FaultTargets): Promise<Omit<FaultRecord, 'plannedMs'>> {
  const killedAt = Date.now();
  signalServer(stack, 'kafka', 'SIGKILL');
  await waitFor('the broker process gone', () => Promise.resolve(componentPid(stack, 'kafka') === undefined), 10_000, 20);
  const exitedAt = Date.now();
  await sleep(exitedAt + brokerDownMs - Date.now());
  const startedAt = Date.now();
  // Starts the broker again on its ports with its data, and returns once it says it started.
  await startFaultStack(stack, ['kafka']);
  return { victim: 'Kafka broker', killedAt, exitedAt, startedAt, readyAt: Date.now(), exit: 'signal SIGKILL' };
}

async function crashRouter({ deployment, routerDownMs }: FaultTargets): Promise<Omit<FaultRecord, 'plannedMs'>> {
  const restart = await deployment.crash('router', 0, routerDownMs);
  return { victim: 'router replica 1', killedAt: restart.stoppingAt, exitedAt: restart.exitedAt, startedAt: restart.startedAt, readyAt: restart.readyAt, exit: restart.exit };
}
