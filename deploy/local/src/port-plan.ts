import type { StackComponent } from './stack.types';

export interface PortPlanEntry {
  readonly key: string;
  /** Variable that pins the port; a pinned port that is taken is an error, never silently moved. */
  readonly envVar: string;
  /** Default for the "dev" stack; other stacks shift it by `stackPortOffset`. */
  readonly base: number;
}

export const PORT_PLANS = {
  kafka: [
    { key: 'broker', envVar: 'TRIBUTARY_KAFKA_PORT', base: 19092 },
    { key: 'controller', envVar: 'TRIBUTARY_KAFKA_CONTROLLER_PORT', base: 19093 },
  ],
  postgres: [{ key: 'port', envVar: 'TRIBUTARY_POSTGRES_PORT', base: 15432 }],
  mail: [
    { key: 'smtp', envVar: 'TRIBUTARY_SMTP_PORT', base: 13025 },
    { key: 'imap', envVar: 'TRIBUTARY_IMAP_PORT', base: 13143 },
  ],
} as const satisfies Record<StackComponent, readonly PortPlanEntry[]>;

export type PortKey<C extends StackComponent> = (typeof PORT_PLANS)[C][number]['key'];
export type PortsOf<C extends StackComponent> = Record<PortKey<C>, number>;

/** The system-wide PostgreSQL's port: never chosen, never accepted. */
export const FORBIDDEN_PORTS: ReadonlySet<number> = new Set([5432]);

/**
 * Port block per stack name, so "dev" and "test" (and ad-hoc stacks) can run side by side:
 * dev +0, test +1000, any other name +2000..+3900 in steps of 100 picked by a hash of the name.
 */
export function stackPortOffset(name: string): number {
  if (name === 'dev') return 0;
  if (name === 'test') return 1000;
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
  return 2000 + (hash % 20) * 100;
}
