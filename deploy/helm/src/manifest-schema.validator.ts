import { checkCustomResource } from './custom-resource.validator';
import { checkBuiltIn } from './kubernetes-model.validator';
import { describeObject, type Manifest, type ManifestProblem } from './manifest.types';

/**
 * Every rendered object against its schema, unknown fields failing. A kind with no schema here is
 * itself a problem, so a new template cannot slip past validation.
 */
export function validateManifests(manifests: readonly Manifest[]): ManifestProblem[] {
  return manifests.flatMap((manifest) => {
    const problems = checkBuiltIn(manifest) ?? checkCustomResource(manifest);
    if (problems !== undefined) return problems;
    return [{ object: describeObject(manifest), path: '.', message: `no schema for ${String(manifest.apiVersion)} ${String(manifest.kind)}: add one before rendering it` }];
  });
}
