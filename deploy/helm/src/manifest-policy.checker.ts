import { TOPIC_CATALOG } from '@tributary/contracts';
import { describeObject, type Manifest, type ManifestProblem, type ProblemReport } from './manifest.types';
import { asArray, asRecord, field, records, type JsonRecord } from './object-access.util';
import { checkPublicRoute } from './public-route.checker';
import { checkWhatsappWebWorkload } from './whatsapp-web-workload.checker';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet']);
const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'Job']);

/** Variables the apps mark secret (libs/platform/config `secret(...)`): only ever from a Secret. */
export const SECRET_VARIABLES = new Set([
  'DATABASE_URL',
  'ROUTER_API_KEYS',
  'ROUTER_OPERATOR_KEYS',
  'KAFKA_SASL_PASSWORD',
  'EMAIL_MAILBOXES',
  'EMAIL_SMTP_PASSWORD',
  'TWILIO_AUTH_TOKEN',
  'BLOB_STORE_S3_ACCESS_KEY_ID',
  'BLOB_STORE_S3_SECRET_ACCESS_KEY',
  'WHATSAPP_CLOUD_ACCESS_TOKEN',
  'WHATSAPP_CLOUD_APP_SECRETS',
  'WHATSAPP_CLOUD_VERIFY_TOKEN',
  'TELEGRAM_BOT_TOKENS',
  'TELEGRAM_WEBHOOK_SECRET_TOKENS',
  'META_PAGE_TOKENS',
  'META_APP_SECRETS',
  'META_VERIFY_TOKEN',
  'WHATSAPP_WEB_OPERATOR_TOKEN',
  'CHAT_TENANT_SECRETS',
  'CHAT_ANONYMOUS_TOKEN_SECRETS',
]);
const SECRET_LOOKING_NAME = /PASSWORD|SECRET|TOKEN|API_KEY|CREDENTIAL/;
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;
/** The default partition count the apps create topics with (KAFKA_TOPIC_PARTITIONS). */
const DEFAULT_PARTITIONS = 6;

function reporter(problems: ManifestProblem[], manifest: Manifest): ProblemReport {
  const object = describeObject(manifest);
  return (path, message) => problems.push({ object, path, message });
}

function podSpec(manifest: Manifest): JsonRecord | undefined {
  return asRecord(field(manifest, 'spec', 'template', 'spec'));
}

function containersOf(spec: JsonRecord): JsonRecord[] {
  return [...records(spec['initContainers']), ...records(spec['containers'])];
}

function envOf(container: JsonRecord): JsonRecord[] {
  return records(container['env']);
}

function appName(manifest: Manifest): string | undefined {
  const name = field(manifest, 'metadata', 'labels', 'app.kubernetes.io/name');
  return typeof name === 'string' ? name : undefined;
}

/**
 * Long-running workloads answer all three probes. Liveness must ask about the process alone: a
 * liveness probe on /health/ready would restart every pod during a Kafka outage.
 */
const PROBE_PATHS: Readonly<Record<string, string>> = { livenessProbe: '/health/live', readinessProbe: '/health/ready', startupProbe: '/health/live' };

function checkProbes(manifest: Manifest, spec: JsonRecord, report: ProblemReport): void {
  if (!WORKLOAD_KINDS.has(String(manifest.kind))) return;
  records(spec['containers']).forEach((container, index) => {
    for (const [probe, wanted] of Object.entries(PROBE_PATHS)) {
      const path = `.spec.template.spec.containers[${index}]`;
      if (asRecord(container[probe]) === undefined) report(path, `container "${String(container['name'])}" has no ${probe}`);
      const asked = field(container, probe, 'httpGet', 'path');
      if (asked !== undefined && asked !== wanted) report(`${path}.${probe}.httpGet.path`, `${JSON.stringify(asked)} instead of ${wanted}`);
    }
  });
}

/** The "restricted" Pod Security Standard, plus a read-only root filesystem and no fixed user ids (OpenShift assigns them). */
function checkSecurityContext(spec: JsonRecord, report: ProblemReport): void {
  const pod = asRecord(spec['securityContext']) ?? {};
  if (pod['runAsNonRoot'] !== true) report('.spec.template.spec.securityContext', 'runAsNonRoot must be true');
  const seccomp = field(pod, 'seccompProfile', 'type');
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') report('.spec.template.spec.securityContext', 'seccompProfile.type must be RuntimeDefault or Localhost');
  for (const key of ['runAsUser', 'runAsGroup']) {
    if (pod[key] !== undefined) report('.spec.template.spec.securityContext', `${key} is hard-coded; leave user ids to the image and the platform`);
  }
  for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[key] === true) report('.spec.template.spec', `${key} is not allowed`);
  }
  for (const volume of records(spec['volumes'])) {
    if (volume['hostPath'] !== undefined) report('.spec.template.spec.volumes', `volume "${String(volume['name'])}" uses hostPath`);
  }
  containersOf(spec).forEach((container, index) => {
    const path = `.spec.template.spec.containers[${index}].securityContext`;
    const context = asRecord(container['securityContext']) ?? {};
    if (context['allowPrivilegeEscalation'] !== false) report(path, 'allowPrivilegeEscalation must be false');
    if (context['readOnlyRootFilesystem'] !== true) report(path, 'readOnlyRootFilesystem must be true');
    if (context['privileged'] === true) report(path, 'privileged is not allowed');
    if (context['runAsNonRoot'] === false) report(path, 'runAsNonRoot must not be false');
    if (context['runAsUser'] !== undefined || context['runAsGroup'] !== undefined) report(path, 'a user or group id is hard-coded');
    if (!asArray(field(context, 'capabilities', 'drop')).includes('ALL')) report(path, 'capabilities.drop must contain ALL');
    if (asArray(field(context, 'capabilities', 'add')).length > 0) report(path, 'capabilities.add is not allowed');
  });
}

/** Credentials reach a pod only through secretKeyRef; no Secret object and no literal credential is rendered. */
function checkNoSecretData(manifest: Manifest, report: ProblemReport): void {
  if (manifest.kind === 'Secret') report('.', 'the chart must not render Secrets: refer to an existing one with secretKeyRef');
  if (manifest.kind === 'ConfigMap') {
    for (const [key, value] of Object.entries(asRecord(manifest['data']) ?? {})) {
      if (typeof value === 'string' && URL_WITH_PASSWORD.test(value)) report(`.data.${key}`, 'holds a URL with a password');
    }
  }
  const spec = podSpec(manifest);
  if (spec === undefined) return;
  containersOf(spec).forEach((container, index) => {
    for (const variable of envOf(container)) {
      const name = String(variable['name']);
      const path = `.spec.template.spec.containers[${index}].env[${name}]`;
      if (variable['value'] === undefined) continue;
      if (SECRET_VARIABLES.has(name) || SECRET_LOOKING_NAME.test(name)) report(path, `secret variable ${name} has a literal value; use valueFrom.secretKeyRef`);
      else if (typeof variable['value'] === 'string' && URL_WITH_PASSWORD.test(variable['value'])) report(path, `${name} holds a URL with a password`);
    }
  });
}

/** The SIGTERM path fits the grace period: the preStop pause plus the app's own shutdown bound. */
function checkGracePeriod(manifest: Manifest, spec: JsonRecord, report: ProblemReport): void {
  if (!WORKLOAD_KINDS.has(String(manifest.kind))) return;
  const grace = spec['terminationGracePeriodSeconds'];
  for (const container of records(spec['containers'])) {
    const pause = field(container, 'lifecycle', 'preStop', 'sleep', 'seconds');
    const shutdown = envOf(container).find((variable) => variable['name'] === 'SHUTDOWN_TIMEOUT_MS')?.['value'];
    if (typeof pause !== 'number') report('.spec.template.spec.containers', `container "${String(container['name'])}" has no preStop pause`);
    const needed = (typeof pause === 'number' ? pause : 0) + Number(shutdown ?? 25_000) / 1000;
    if (typeof grace !== 'number' || grace <= needed) report('.spec.template.spec.terminationGracePeriodSeconds', `${String(grace)} s does not cover the preStop pause and SHUTDOWN_TIMEOUT_MS (${needed} s)`);
  }
}

/** Helm hooks run outside `helm upgrade --wait`'s view and have deadlocked migrations elsewhere. */
function checkNoHooks(manifest: Manifest, report: ProblemReport): void {
  if (field(manifest, 'metadata', 'annotations', 'helm.sh/hook') !== undefined) report('.metadata.annotations', 'Helm hooks are not used: migrations are a plain Job');
}

function partitionsOf(topic: string, manifests: readonly Manifest[], workload: Manifest): number {
  const declared = manifests.find((manifest) => manifest.kind === 'KafkaTopic' && field(manifest, 'spec', 'topicName') === topic);
  const partitions = field(declared, 'spec', 'partitions');
  if (typeof partitions === 'number') return partitions;
  const spec = podSpec(workload) ?? {};
  const fromEnv = records(spec['containers']).flatMap(envOf).find((variable) => variable['name'] === 'KAFKA_TOPIC_PARTITIONS')?.['value'];
  return fromEnv === undefined ? DEFAULT_PARTITIONS : Number(fromEnv);
}

function autoscalerFor(workload: Manifest, manifests: readonly Manifest[]): Manifest | undefined {
  return manifests.find(
    (manifest) =>
      (manifest.kind === 'HorizontalPodAutoscaler' || manifest.kind === 'ScaledObject') &&
      field(manifest, 'spec', 'scaleTargetRef', 'name') === workload.metadata?.name &&
      field(manifest, 'spec', 'scaleTargetRef', 'kind') === workload.kind,
  );
}

function mostReplicas(workload: Manifest, manifests: readonly Manifest[]): number {
  const scaler = autoscalerFor(workload, manifests);
  const max = scaler?.kind === 'ScaledObject' ? field(scaler, 'spec', 'maxReplicaCount') : field(scaler, 'spec', 'maxReplicas');
  if (typeof max === 'number') return max;
  const replicas = field(workload, 'spec', 'replicas');
  return typeof replicas === 'number' ? replicas : 1;
}

/**
 * A consumer group never has more members than partitions worth having: the topic an app consumes
 * first in the contracts' topic catalog caps its replicas (and its autoscaler's maximum). An object
 * labelled tributary.io/singleton must stay at one replica, unscaled, replaced (never surged).
 */
function checkReplicaCaps(manifest: Manifest, manifests: readonly Manifest[], report: ProblemReport): void {
  if (!WORKLOAD_KINDS.has(String(manifest.kind))) return;
  const most = mostReplicas(manifest, manifests);
  const app = appName(manifest);
  const topic = TOPIC_CATALOG.find((descriptor) => app !== undefined && descriptor.consumers.includes(app));
  if (topic !== undefined) {
    const partitions = partitionsOf(topic.name, manifests, manifest);
    if (most > partitions) report('.spec.replicas', `up to ${most} replicas of ${String(app)} exceed the ${partitions} partitions of ${topic.name}`);
  }
  if (field(manifest, 'metadata', 'labels', 'tributary.io/singleton') === 'true') {
    if (most > 1) report('.spec.replicas', `a singleton may run ${most} replicas`);
    if (autoscalerFor(manifest, manifests) !== undefined) report('.', 'a singleton must not be autoscaled');
    if (manifest.kind === 'Deployment' && field(manifest, 'spec', 'strategy', 'type') !== 'Recreate') report('.spec.strategy', 'a singleton Deployment must use the Recreate strategy (a surge would run two)');
  }
}

/** Egress to "anywhere" must keep the cloud's metadata service closed: the media fetchers follow provider URLs. */
function checkMetadataClosed(manifest: Manifest, report: ProblemReport): void {
  if (manifest.kind !== 'NetworkPolicy') return;
  records(field(manifest, 'spec', 'egress')).forEach((rule, index) => {
    for (const peer of records(rule['to'])) {
      const block = asRecord(peer['ipBlock']);
      if (block?.['cidr'] === '0.0.0.0/0' && !asArray(block['except']).includes('169.254.0.0/16')) {
        report(`.spec.egress[${index}]`, 'egress to 0.0.0.0/0 must except 169.254.0.0/16 (the metadata service)');
      }
    }
  });
}

/** Every policy over a rendered release; an empty list means it passes. */
export function checkPolicies(manifests: readonly Manifest[]): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  for (const manifest of manifests) {
    const report = reporter(problems, manifest);
    checkNoSecretData(manifest, report);
    checkNoHooks(manifest, report);
    checkMetadataClosed(manifest, report);
    checkReplicaCaps(manifest, manifests, report);
    checkPublicRoute(manifest, report);
    const spec = POD_TEMPLATE_KINDS.has(String(manifest.kind)) ? podSpec(manifest) : undefined;
    if (spec === undefined) continue;
    checkProbes(manifest, spec, report);
    checkSecurityContext(spec, report);
    checkGracePeriod(manifest, spec, report);
    checkWhatsappWebWorkload(manifest, report);
  }
  return problems;
}
