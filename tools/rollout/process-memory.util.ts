import { readdirSync, readFileSync } from 'node:fs';

/** A field of a /proc file in kB (`VmRSS:  123 kB`), in bytes; undefined when the process is gone. */
function procKb(file: string, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Resident set size of one process. */
export const rssBytes = (pid: number): number | undefined => procKb(`/proc/${pid}/status`, 'VmRSS');

/** Proportional set size: shared pages divided among the processes sharing them, so a server's processes add up truthfully. */
export const pssBytes = (pid: number): number | undefined => procKb(`/proc/${pid}/smaps_rollup`, 'Pss');

/** The processes whose parent is `pid` (PostgreSQL's backends, checkpointer, WAL writer, …). */
export function childPids(pid: number): number[] {
  try {
    // One small file when the kernel has it (CONFIG_PROC_CHILDREN), rather than every process's stat.
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return scanForChildren(pid);
  }
}

function scanForChildren(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name may hold spaces and parentheses: the parent id is the second field after its closing one.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return children;
}
