import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The dev stack's default broker port (deploy/local's port plan). */
const DEV_BROKER_PORT = 19092;

/**
 * The broker of the local "dev" stack that `./tributary start` runs: the port its stack.json
 * remembers (a taken default is skipped for the next free one), else the default.
 */
export function localDevBrokers(repoRoot: string): string {
  try {
    const state = JSON.parse(readFileSync(join(repoRoot, '.local', 'stack', 'dev', 'stack.json'), 'utf8')) as { components?: { kafka?: { ports?: { broker?: unknown } } } };
    const port = state.components?.kafka?.ports?.broker;
    if (typeof port === 'number' && Number.isInteger(port)) return `127.0.0.1:${port}`;
  } catch {
    // No dev stack started yet on this checkout: the default.
  }
  return `127.0.0.1:${DEV_BROKER_PORT}`;
}
