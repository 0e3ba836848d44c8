import { renderManifests, valueSetFile } from './helm-chart.util';
import { checkPolicies } from './manifest-policy.checker';
import { validateManifests } from './manifest-schema.validator';
import { formatProblems, type Manifest } from './manifest.types';

/*
 * Each check is fed a rendered release with one deliberate fault, through the same function CI
 * runs on the real renders, and must refuse it with a message naming the object and the field.
 * A check that cannot fail proves nothing.
 */

type Mutable = Record<string, unknown>;

let pristine: Manifest[];
beforeAll(() => {
  pristine = renderManifests({ valueFiles: [valueSetFile('everything')] });
});

/** A deep copy of the release with `change` applied to the first object of that kind and name. */
function broken(kind: string, name: string, change: (object: Mutable) => void): Manifest[] {
  const copy = structuredClone(pristine) as Mutable[];
  const target = copy.find((object) => object['kind'] === kind && (object['metadata'] as Mutable)['name'] === name);
  if (target === undefined) throw new Error(`${kind}/${name} is not in the render`);
  change(target);
  return copy;
}

function at(object: Mutable, ...path: (string | number)[]): Mutable {
  let current: unknown = object;
  for (const key of path) current = (current as Record<string | number, unknown>)[key];
  return current as Mutable;
}

const routerContainer = (deployment: Mutable): Mutable => at(deployment, 'spec', 'template', 'spec', 'containers', 0);

it('the untouched render passes both checks (so each failure below comes from its fault alone)', () => {
  expect(formatProblems([...validateManifests(pristine), ...checkPolicies(pristine)])).toBe('');
});

describe('schema validation refuses', () => {
  it('a misspelled readinesProbe', () => {
    const manifests = broken('Deployment', 'tributary-router', (deployment) => {
      const container = routerContainer(deployment);
      container['readinesProbe'] = container['readinessProbe'];
      delete container['readinessProbe'];
    });
    expect(formatProblems(validateManifests(manifests))).toBe('Deployment/tributary-router .spec.template.spec.containers[0].readinesProbe: unknown field "readinesProbe" in V1Container');
  });

  it('a field of the wrong type', () => {
    const manifests = broken('Deployment', 'tributary-router', (deployment) => {
      at(routerContainer(deployment), 'ports', 0)['containerPort'] = '3000';
    });
    expect(formatProblems(validateManifests(manifests))).toContain('.spec.template.spec.containers[0].ports[0].containerPort: expected a number, found string');
  });

  it('an unknown field deep inside a custom resource', () => {
    const manifests = broken('ScaledObject', 'tributary-router', (scaledObject) => {
      at(scaledObject, 'spec')['maxReplicas'] = 4;
    });
    expect(formatProblems(validateManifests(manifests))).toBe('ScaledObject/tributary-router .spec: unknown field "maxReplicas"');
  });

  it('an unknown field in a Strimzi ACL and an operation Kafka does not know', () => {
    const manifests = broken('KafkaUser', 'tributary-router-kafka', (user) => {
      const acl = at(user, 'spec', 'authorization', 'acls', 0);
      acl['operation'] = 'Read';
      acl['operations'] = ['Reed'];
    });
    const problems = formatProblems(validateManifests(manifests));
    expect(problems).toContain('unknown field "operation"');
    expect(problems).toContain('.spec.authorization.acls.0.operations.0: should be equal to one of the allowed values');
  });

  it('a kind it has no schema for', () => {
    const manifests = [...pristine, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }];
    expect(formatProblems(validateManifests(manifests))).toBe('Widget/w .: no schema for example.com/v1 Widget: add one before rendering it');
  });
});

describe('policy checks refuse', () => {
  it('a workload without a liveness probe', () => {
    const manifests = broken('Deployment', 'tributary-email-ingest', (deployment) => {
      delete routerContainer(deployment)['livenessProbe'];
    });
    expect(formatProblems(checkPolicies(manifests))).toBe('Deployment/tributary-email-ingest .spec.template.spec.containers[0]: container "email-ingest" has no livenessProbe');
  });

  it('a liveness probe that asks about dependencies', () => {
    const manifests = broken('Deployment', 'tributary-router', (deployment) => {
      at(routerContainer(deployment), 'livenessProbe', 'httpGet')['path'] = '/health/ready';
    });
    expect(formatProblems(checkPolicies(manifests))).toBe('Deployment/tributary-router .spec.template.spec.containers[0].livenessProbe.httpGet.path: "/health/ready" instead of /health/live');
  });

  it('a rendered Secret and a literal credential', () => {
    const withSecret = [...pristine, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak' }, stringData: { password: 'hunter2hunter2' } }];
    expect(formatProblems(checkPolicies(withSecret))).toBe('Secret/leak .: the chart must not render Secrets: refer to an existing one with secretKeyRef');
    const withLiteral = broken('Deployment', 'tributary-router', (deployment) => {
      (routerContainer(deployment)['env'] as Mutable[]).push({ name: 'DATABASE_URL', value: 'postgres://router:secret@db/router' });
    });
    expect(formatProblems(checkPolicies(withLiteral))).toContain('secret variable DATABASE_URL has a literal value; use valueFrom.secretKeyRef');
    const withUrl = broken('Deployment', 'tributary-router', (deployment) => {
      (routerContainer(deployment)['env'] as Mutable[]).push({ name: 'UPSTREAM', value: 'https://user:pa55@example.com/' });
    });
    expect(formatProblems(checkPolicies(withUrl))).toContain('UPSTREAM holds a URL with a password');
  });

  it('replicas (or an autoscaler maximum) above the partitions of the consumed topic', () => {
    const manifests = broken('ScaledObject', 'tributary-voice-ingest', (scaledObject) => {
      at(scaledObject, 'spec')['maxReplicaCount'] = 13;
    });
    expect(formatProblems(checkPolicies(manifests))).toBe('StatefulSet/tributary-voice-ingest .spec.replicas: up to 13 replicas of voice-ingest exceed the 12 partitions of tributary.outbound.v1');
  });

  it('a singleton that could run twice', () => {
    const manifests = broken('Deployment', 'tributary-chat-ingest', (deployment) => {
      at(deployment, 'metadata', 'labels')['tributary.io/singleton'] = 'true';
    });
    const problems = formatProblems(checkPolicies(manifests));
    expect(problems).toContain('Deployment/tributary-chat-ingest .spec.replicas: a singleton may run 12 replicas');
    expect(problems).toContain('a singleton must not be autoscaled');
    expect(problems).toContain('a singleton Deployment must use the Recreate strategy');
  });

  it('a hard-coded user id, a writable root filesystem and kept capabilities', () => {
    const manifests = broken('Job', 'tributary-router-migrate-v0-1-0', (job) => {
      at(job, 'spec', 'template', 'spec', 'securityContext')['runAsUser'] = 1000;
      const context = at(job, 'spec', 'template', 'spec', 'containers', 0, 'securityContext');
      context['readOnlyRootFilesystem'] = false;
      context['capabilities'] = { add: ['NET_ADMIN'] };
    });
    expect(formatProblems(checkPolicies(manifests)).split('\n')).toEqual([
      'Job/tributary-router-migrate-v0-1-0 .spec.template.spec.securityContext: runAsUser is hard-coded; leave user ids to the image and the platform',
      'Job/tributary-router-migrate-v0-1-0 .spec.template.spec.containers[0].securityContext: readOnlyRootFilesystem must be true',
      'Job/tributary-router-migrate-v0-1-0 .spec.template.spec.containers[0].securityContext: capabilities.drop must contain ALL',
      'Job/tributary-router-migrate-v0-1-0 .spec.template.spec.containers[0].securityContext: capabilities.add is not allowed',
    ]);
  });

  it('egress to anywhere that leaves the metadata service open', () => {
    const manifests = broken('NetworkPolicy', 'tributary-voice-ingest', (policy) => {
      const egress = at(policy, 'spec', 'egress') as unknown as Mutable[];
      egress.push({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 80, protocol: 'TCP' }] });
    });
    expect(formatProblems(checkPolicies(manifests))).toMatch(/^NetworkPolicy\/tributary-voice-ingest \.spec\.egress\[\d+\]: egress to 0\.0\.0\.0\/0 must except 169\.254\.0\.0\/16 \(the metadata service\)$/);
  });

  it('a public route that reaches the operators\' endpoint, health or metrics', () => {
    const manifests = broken('Ingress', 'tributary-social-ingest', (ingress) => {
      const paths = at(ingress, 'spec', 'rules', 0, 'http', 'paths') as unknown as Mutable[];
      paths.push({ ...paths[0], path: '/whatsapp-web' }, { ...paths[0], path: '/' });
    });
    expect(formatProblems(checkPolicies(manifests)).split('\n')).toEqual([
      'Ingress/tributary-social-ingest .spec.rules[0].http.paths[3]: "/whatsapp-web" makes /whatsapp-web/sessions public; route only the webhook prefixes',
      'Ingress/tributary-social-ingest .spec.rules[0].http.paths[4]: "/" makes /health/live, /health/ready, /metrics, /whatsapp-web/sessions public; route only the webhook prefixes',
    ]);
  });

  it('whatsapp-web.js sessions without their volume, /dev/shm or a StatefulSet', () => {
    const manifests = broken('StatefulSet', 'tributary-social-ingest', (set) => {
      at(set, 'spec')['volumeClaimTemplates'] = [];
      const container = routerContainer(set);
      container['volumeMounts'] = (container['volumeMounts'] as Mutable[]).filter((mount) => mount['mountPath'] !== '/dev/shm');
    });
    expect(formatProblems(checkPolicies(manifests)).split('\n')).toEqual([
      "StatefulSet/tributary-social-ingest .spec.template.spec.containers[0].volumeMounts: /var/lib/tributary/whatsapp-web must be on the replica's own claim (volumeClaimTemplates), or on a shared claim with /var/lib/tributary/whatsapp-web/spool on the replica's own",
      'StatefulSet/tributary-social-ingest .spec.template.spec.containers[0].volumeMounts: Chromium needs /dev/shm from an emptyDir with medium: Memory',
    ]);
    const asDeployment = broken('StatefulSet', 'tributary-social-ingest', (set) => {
      set['kind'] = 'Deployment';
    });
    expect(formatProblems(checkPolicies(asDeployment))).toContain('Deployment/tributary-social-ingest .: whatsapp-web.js sessions run in a Deployment; they need a StatefulSet with a volume per replica');
  });

  it('a grace period shorter than the preStop pause plus the shutdown bound, and a Helm hook', () => {
    const manifests = broken('Deployment', 'tributary-router', (deployment) => {
      at(deployment, 'spec', 'template', 'spec')['terminationGracePeriodSeconds'] = 30;
      at(deployment, 'metadata')['annotations'] = { 'helm.sh/hook': 'pre-upgrade' };
    });
    expect(formatProblems(checkPolicies(manifests)).split('\n')).toEqual([
      'Deployment/tributary-router .metadata.annotations: Helm hooks are not used: migrations are a plain Job',
      'Deployment/tributary-router .spec.template.spec.terminationGracePeriodSeconds: 30 s does not cover the preStop pause and SHUTDOWN_TIMEOUT_MS (50 s)',
    ]);
  });
});
