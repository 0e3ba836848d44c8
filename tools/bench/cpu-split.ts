import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** CPU time so far (clock ticks) of the machine and of named process groups. */
export interface CpuSnapshot {
  readonly machineBusy: number;
  readonly machineTotal: number;
  readonly groups: ReadonlyMap<string, number>;
}

/** How a stretch of time was spent, in % of one CPU (the machine has `cpus` × 100 %). */
export interface CpuSplit {
  readonly cpus: number;
  readonly groups: readonly [string, number][];
  readonly otherPercent: number;
  readonly idlePercent: number;
}

function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime of one process, in clock ticks (0 when it is gone). */
function processTicks(pid: number): number {
  const fields = statFields(pid);
  return fields ? Number(fields[11]) + Number(fields[12]) : 0;
}

/** A process and every process it started directly (PostgreSQL's backends are its children). */
function withChildren(pid: number): number[] {
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((candidate) => statFields(candidate)?.[1] === String(pid));
  return [pid, ...children];
}

export function cpuSnapshot(groups: Readonly<Record<string, { pid: number | undefined; children?: boolean }>>): CpuSnapshot {
  const [cpuLine = ''] = readFileSync('/proc/stat', 'utf8').split('\n');
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = cpuLine.split(/\s+/).slice(1).map(Number);
  const ticks = new Map<string, number>();
  for (const [name, { pid, children }] of Object.entries(groups)) {
    if (pid === undefined) continue;
    ticks.set(name, (children ? withChildren(pid) : [pid]).reduce((sum, member) => sum + processTicks(member), 0));
  }
  const busy = user + nice + system + irq + softirq + steal;
  return { machineBusy: busy, machineTotal: busy + idle + iowait, groups: ticks };
}

/**
 * The CPU each group used between two snapshots. PostgreSQL backends that ended in between are
 * missed (short-lived connections); the router's pool keeps its connections, so little is.
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuSplit {
  const count = cpus().length;
  const perCpu = (after.machineTotal - before.machineTotal) / count;
  const percent = (ticks: number): number => (perCpu > 0 ? (ticks * 100) / perCpu : 0);
  const groups = [...after.groups.entries()].map(([name, ticks]): [string, number] => [name, percent(ticks - (before.groups.get(name) ?? 0))]);
  const busy = percent(after.machineBusy - before.machineBusy);
  const named = groups.reduce((sum, [, value]) => sum + value, 0);
  return { cpus: count, groups, otherPercent: Math.max(0, busy - named), idlePercent: Math.max(0, count * 100 - busy) };
}
