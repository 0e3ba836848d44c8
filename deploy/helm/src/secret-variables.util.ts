import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './k8s-tools.util';

/** `NAME: secret(` in a config shape: how libs/platform/config marks a variable secret. */
const SECRET_DECLARATION = /\b([A-Z][A-Z0-9_]*):\s*secret\(/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ['node_modules', 'test', 'bench'].includes(entry.name) ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every variable the apps' config schemas (libs/ and apps/) declare with `secret(...)`. */
export function declaredSecretVariables(): Set<string> {
  const names = new Set<string>();
  for (const root of ['libs', 'apps']) {
    for (const file of sourceFiles(join(WORKSPACE_ROOT, root))) {
      for (const match of readFileSync(file, 'utf8').matchAll(SECRET_DECLARATION)) {
        if (match[1] !== undefined) names.add(match[1]);
      }
    }
  }
  return names;
}
