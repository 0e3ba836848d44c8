import { kubernetesTypeMap, type Attribute } from './kubernetes-type-map.util';
import { describeObject, type Manifest, type ManifestProblem } from './manifest.types';

/** The Kubernetes minor the chart is validated against is the one these models were generated for. */
const BUILT_IN_KINDS: Readonly<Record<string, string>> = {
  'v1/ConfigMap': 'V1ConfigMap',
  'v1/Service': 'V1Service',
  'v1/ServiceAccount': 'V1ServiceAccount',
  'v1/Secret': 'V1Secret',
  'v1/PersistentVolumeClaim': 'V1PersistentVolumeClaim',
  'apps/v1/Deployment': 'V1Deployment',
  'apps/v1/StatefulSet': 'V1StatefulSet',
  'batch/v1/Job': 'V1Job',
  'policy/v1/PodDisruptionBudget': 'V1PodDisruptionBudget',
  'autoscaling/v2/HorizontalPodAutoscaler': 'V2HorizontalPodAutoscaler',
  'networking.k8s.io/v1/NetworkPolicy': 'V1NetworkPolicy',
  'networking.k8s.io/v1/Ingress': 'V1Ingress',
};

const ARRAY = /^Array<(.+)>$/;
const MAP = /^\{ \[key: string\]: (.+); \}$/;


export function builtInModelName(manifest: Manifest): string | undefined {
  return BUILT_IN_KINDS[`${String(manifest.apiVersion)}/${String(manifest.kind)}`];
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/**
 * Checks a value against a client-node type, field by field. Unknown fields fail: that is what
 * `kubectl apply` would silently drop (or a strict server refuse), e.g. a misspelled readinessProbe.
 */
export function checkAgainstModel(value: unknown, typeName: string, path: string, object: string, problems: ManifestProblem[]): void {
  const problem = (message: string): void => {
    problems.push({ object, path: path === '' ? '.' : path, message });
  };
  const array = ARRAY.exec(typeName);
  if (array?.[1] !== undefined) {
    if (!Array.isArray(value)) return problem(`expected a list (${typeName}), found ${typeOf(value)}`);
    const itemType = array[1];
    value.forEach((item: unknown, index) => checkAgainstModel(item, itemType, `${path}[${index}]`, object, problems));
    return;
  }
  const map = MAP.exec(typeName);
  if (map?.[1] !== undefined) {
    if (typeOf(value) !== 'object') return problem(`expected a map (${typeName}), found ${typeOf(value)}`);
    const valueType = map[1];
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) checkAgainstModel(entry, valueType, `${path}.${key}`, object, problems);
    return;
  }
  switch (typeName) {
    case 'any':
    case 'object':
      return;
    case 'string':
    case 'Date':
    case 'V1MicroTime':
      if (typeof value !== 'string') problem(`expected a string, found ${typeOf(value)}`);
      return;
    case 'number':
      if (typeof value !== 'number') problem(`expected a number, found ${typeOf(value)}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') problem(`expected true or false, found ${typeOf(value)}`);
      return;
    case 'IntOrString':
      if (typeof value !== 'string' && typeof value !== 'number') problem(`expected a number or a string, found ${typeOf(value)}`);
      return;
    default:
      break;
  }
  const model = kubernetesTypeMap().get(typeName);
  if (model === undefined) return problem(`no schema for type ${typeName}`);
  if (typeOf(value) !== 'object') return problem(`expected an object (${typeName}), found ${typeOf(value)}`);
  const attributes = new Map<string, Attribute>(model.map((attribute) => [attribute.baseName, attribute]));
  for (const [key, fieldValue] of Object.entries(value as Record<string, unknown>)) {
    const attribute = attributes.get(key);
    if (attribute === undefined) {
      problems.push({ object, path: `${path}.${key}`, message: `unknown field "${key}" in ${typeName}` });
      continue;
    }
    if (fieldValue === null) continue;
    checkAgainstModel(fieldValue, attribute.type, `${path}.${key}`, object, problems);
    if ((attribute.format === 'int32' || attribute.format === 'int64') && typeof fieldValue === 'number' && !Number.isInteger(fieldValue)) {
      problems.push({ object, path: `${path}.${key}`, message: `expected an integer, found ${fieldValue}` });
    }
  }
}

/** A built-in object against its model; undefined when the kind is not a built-in one. */
export function checkBuiltIn(manifest: Manifest): ManifestProblem[] | undefined {
  const modelName = builtInModelName(manifest);
  if (modelName === undefined) return undefined;
  const problems: ManifestProblem[] = [];
  checkAgainstModel(manifest, modelName, '', describeObject(manifest), problems);
  return problems;
}
