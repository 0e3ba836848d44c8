import { execFileSync } from 'node:child_process';
import { WORKSPACE_ROOT } from './k8s-tools.util';

export interface Attribute {
  readonly baseName: string;
  readonly type: string;
  readonly format: string;
}

/** Every generated model of @kubernetes/client-node: its name and the fields it allows, with their types. */
export type KubernetesTypeMap = ReadonlyMap<string, readonly Attribute[]>;

/*
 * The models are ES modules, which jest's CommonJS sandbox cannot load, and the package root pulls in
 * an HTTP stack that needs a newer Node than 20; so a plain Node child imports only the models and
 * prints their attribute maps as JSON (about 0.3 s, once per test file).
 */
const DUMP_SCRIPT = `
const models = await import('@kubernetes/client-node/dist/gen/models/all.js');
const out = {};
for (const [name, value] of Object.entries(models)) {
  if (typeof value === 'function' && typeof value.getAttributeTypeMap === 'function') {
    out[name] = value.getAttributeTypeMap().map(({ baseName, type, format }) => ({ baseName, type, format }));
  }
}
process.stdout.write(JSON.stringify(out));
`;

let loaded: KubernetesTypeMap | undefined;

export function kubernetesTypeMap(): KubernetesTypeMap {
  if (loaded !== undefined) return loaded;
  const json = execFileSync(process.execPath, ['--input-type=module', '-e', DUMP_SCRIPT], {
    cwd: WORKSPACE_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  loaded = new Map(Object.entries(JSON.parse(json) as Record<string, Attribute[]>));
  return loaded;
}
