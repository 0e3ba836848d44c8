import { join } from 'node:path';
import type { ComponentServer, ServerContext } from './component-server';
import { kafkaServer } from './kafka.server';
import { mailServer } from './mail.server';
import { postgresServer } from './postgres.server';
import { isOwnProcess } from './process-control.util';
import type { ComponentRecord } from './stack-state.store';
import type { StackPaths } from './stack-paths.util';
import type { StackComponent } from './stack.types';

export const STACK_SERVERS: { readonly [C in StackComponent]: ComponentServer<C> } = {
  kafka: kafkaServer,
  postgres: postgresServer,
  mail: mailServer,
};

/** Every server's command line names its component folder, which tells our pids from recycled ones. */
export function processMarker(paths: StackPaths, component: StackComponent): string {
  return join(paths.componentDir(component), '/');
}

/** The live pid of a component started by this stack, if any. */
export function livePid<C extends StackComponent>(
  context: ServerContext,
  component: C,
  record: ComponentRecord<C> | undefined,
): number | undefined {
  const marker = processMarker(context.paths, component);
  const candidates = [record?.pid, STACK_SERVERS[component].runningPid?.(context)];
  return candidates.find((pid): pid is number => pid !== undefined && isOwnProcess(pid, marker));
}
