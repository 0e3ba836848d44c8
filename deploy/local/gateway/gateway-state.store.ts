import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GatewayAppName } from './gateway-apps';

export interface RunningApp {
  readonly pid: number;
  readonly port: number;
  readonly logFile: string;
  /** Digest of the configuration it was started with (configDigest): a start with another one restarts it. */
  readonly configDigest?: string;
}

export type GatewayState = Partial<Record<GatewayAppName, RunningApp>>;

export function gatewayStateFile(stackRoot: string): string {
  return join(stackRoot, 'apps.json');
}

export function readGatewayState(file: string): GatewayState {
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')) as GatewayState;
}

/** Written whole and renamed into place, so a crash never leaves half a file. */
export function writeGatewayState(file: string, state: GatewayState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
