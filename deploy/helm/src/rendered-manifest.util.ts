import type { Manifest } from './manifest.types';
import { field, records } from './object-access.util';

/** The rendered object of that kind and name, or a failure naming it. */
export function named(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata?.name === name);
  if (found === undefined) throw new Error(`${kind}/${name} was not rendered`);
  return found;
}

/** The literal value of a variable in a workload's first container (undefined for a secretKeyRef). */
export function envValue(manifest: Manifest, variable: string): unknown {
  const container = records(field(manifest, 'spec', 'template', 'spec', 'containers'))[0];
  return records(container?.['env']).find((entry) => entry['name'] === variable)?.['value'];
}
