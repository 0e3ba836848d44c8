import type { PortsOf } from './port-plan';
import type { ComponentRecord } from './stack-state.store';
import type { StackPaths } from './stack-paths.util';
import type { StackComponent } from './stack.types';

export interface ServerContext {
  readonly paths: StackPaths;
  readonly log: (line: string) => void;
  /** Called as soon as the pid is known, so an interrupted start still leaves a stoppable record. */
  readonly onSpawned: (pid: number) => void;
}

/** One local server (Kafka, PostgreSQL, GreenMail) as the stack manager drives it. */
export interface ComponentServer<C extends StackComponent> {
  readonly component: C;
  /** Whether something serves on the component's ports; the caller has checked the pid already. */
  answers(ports: PortsOf<C>): Promise<boolean>;
  /** Starts the server, waits until it serves, returns its pid. */
  start(context: ServerContext, ports: PortsOf<C>): Promise<number>;
  /** The server's own record of its pid, for servers that keep one (PostgreSQL's postmaster.pid). */
  runningPid?(context: ServerContext): number | undefined;
  /** Stops the process in `record` (known to be ours and alive). */
  stop(context: ServerContext, record: ComponentRecord<C>): Promise<void>;
}
