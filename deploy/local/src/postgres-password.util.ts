import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackPaths } from './stack-paths.util';

/**
 * What clusters made before passwords were random were given. A fixed word is no secret, and the
 * apps' log masking turned every occurrence of it (topic and group names) into [redacted].
 */
const LEGACY_PASSWORD = 'tributary';

function passwordFile(paths: StackPaths): string {
  return join(paths.root, 'postgres.password');
}

/** A fresh random password for a new cluster, kept beside the stack's state, readable by its owner only. */
export function createPostgresPassword(paths: StackPaths): string {
  const password = randomBytes(18).toString('base64url');
  mkdirSync(paths.root, { recursive: true });
  writeFileSync(passwordFile(paths), `${password}\n`, { mode: 0o600 });
  return password;
}

/** The password of the stack's cluster. */
export function postgresPassword(paths: StackPaths): string {
  const file = passwordFile(paths);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : LEGACY_PASSWORD;
}
