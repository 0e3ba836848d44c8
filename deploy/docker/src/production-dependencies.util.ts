import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './app-closure.builder';

/**
 * node_modules as the image's dependencies stage installs them (`npm ci --omit=dev --ignore-scripts`
 * from the same lock file), cached per lock file under .local/cache so a rerun takes no time; the
 * first run on a machine takes about ten seconds from npm's own cache.
 */
export function productionNodeModules(): string {
  const manifest = readFileSync(join(WORKSPACE_ROOT, 'package.json'));
  const lock = readFileSync(join(WORKSPACE_ROOT, 'package-lock.json'));
  const digest = createHash('sha256').update(manifest).update(lock).digest('hex').slice(0, 16);
  const cacheRoot = join(WORKSPACE_ROOT, '.local', 'cache', 'production-dependencies');
  const target = join(cacheRoot, digest);
  if (existsSync(join(target, 'node_modules'))) return join(target, 'node_modules');
  mkdirSync(cacheRoot, { recursive: true });
  const staging = mkdtempSync(join(cacheRoot, 'staging-'));
  try {
    copyFileSync(join(WORKSPACE_ROOT, 'package.json'), join(staging, 'package.json'));
    copyFileSync(join(WORKSPACE_ROOT, 'package-lock.json'), join(staging, 'package-lock.json'));
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: staging,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
    });
    // mkdtemp makes the folder private; the unprivileged user the runtime test runs as must read it.
    chmodSync(staging, 0o755);
    renameSync(staging, target);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return join(target, 'node_modules');
}
