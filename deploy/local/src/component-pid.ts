import type { ServerContext } from './component-server';
import { stackPaths } from './stack-paths.util';
import { livePid } from './stack-servers';
import { readStackState } from './stack-state.store';
import type { StackComponent } from './stack.types';

/**
 * The process id of a running server of a stack, for fault tests that signal it themselves
 * (SIGKILL, SIGSTOP/SIGCONT) instead of stopping it politely.
 */
export function componentPid<C extends StackComponent>(name: string, component: C): number | undefined {
  const paths = stackPaths(name);
  const record = readStackState(paths.stateFile, name).components[component];
  if (!record) return undefined;
  const context: ServerContext = { paths, log: () => undefined, onSpawned: () => undefined };
  return livePid(context, component, record);
}
