import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { repoRoot } from '@tributary/local-stack';

const execFileAsync = promisify(execFile);

/**
 * Runs an app's migrate command (`up`) against its database without blocking this process, as the
 * migration Job that precedes each rollout does: the load keeps flowing meanwhile. (The testing
 * library's runAppCommand is synchronous, fine before the load starts but not under it.)
 * Returns what the command printed.
 */
export async function migrateApp(app: string, databaseUrl: string): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, ['tools/run.js', `apps/${app}/src/migrate.main.ts`, 'up'], {
    cwd: repoRoot(),
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return stdout.trim();
}
