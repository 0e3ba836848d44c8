import { CHART_DIR, helmLint, helmTemplate, renderManifests, VALUE_SETS, valueSetFile, type ValueSetName } from './helm-chart.util';
import { checkPolicies } from './manifest-policy.checker';
import { validateManifests } from './manifest-schema.validator';
import { formatProblems, type Manifest } from './manifest.types';
import { field, records } from './object-access.util';
import { envValue, named } from './rendered-manifest.util';

const rendered = new Map<ValueSetName, Manifest[]>();
function render(set: ValueSetName): Manifest[] {
  let manifests = rendered.get(set);
  if (manifests === undefined) {
    manifests = renderManifests({ valueFiles: [valueSetFile(set)] });
    rendered.set(set, manifests);
  }
  return manifests;
}

describe.each(VALUE_SETS)('value set %s', (set) => {
  it('passes helm lint --strict', () => {
    const result = helmLint([valueSetFile(set)]);
    expect({ ok: result.ok, output: result.ok ? '' : result.stdout + result.stderr }).toEqual({ ok: true, output: '' });
  });

  it('renders only objects that match their schemas, unknown fields failing', () => {
    expect(formatProblems(validateManifests(render(set)))).toBe('');
  });

  it('passes every policy: probes, restricted security, no secret data, replicas within partitions', () => {
    expect(formatProblems(checkPolicies(render(set)))).toBe('');
  });
});

describe('what the chart renders', () => {
  it('runs migrations as plain Jobs named by release revision, for the apps with a database', () => {
    const jobs = render('minimal').filter((manifest) => manifest.kind === 'Job').map((job) => job.metadata?.name);
    expect(jobs.sort()).toEqual(['tributary-email-ingest-migrate-r1', 'tributary-router-migrate-r1', 'tributary-voice-ingest-migrate-r1']);
    expect(render('everything').some((manifest) => manifest.metadata?.name === 'tributary-router-migrate-v0-1-0')).toBe(true);
  });

  it('gives each Strimzi user exactly the ACLs of its app', () => {
    const router = named(render('strimzi-keda'), 'KafkaUser', 'tributary-router-kafka');
    const acls = records(field(router, 'spec', 'authorization', 'acls')).map((acl) => `${String(field(acl, 'resource', 'type'))}:${String(field(acl, 'resource', 'name'))}:${String(acl['operations'])}`);
    expect(acls).toEqual(
      expect.arrayContaining([
        'topic:tributary.inbound.v1:Read,Describe,DescribeConfigs',
        'topic:tributary.tickets.v1:Write,Describe,DescribeConfigs',
        'group:tributary-router:Read,Describe',
        'group:tributary-router-delivery:Read,Describe',
        'cluster:undefined:IdempotentWrite',
      ]),
    );
    expect(acls.some((acl) => acl.startsWith('topic:tributary.inbound.v1:Write'))).toBe(false);
    const topics = render('strimzi-keda').filter((manifest) => manifest.kind === 'KafkaTopic');
    expect(topics).toHaveLength(7);
    expect(field(named(topics, 'KafkaTopic', 'tributary-tickets-state-v1'), 'spec', 'config', 'cleanup.policy')).toBe('compact');
  });

  it('scales on the consumer lag of the topic each app consumes, within its partitions', () => {
    const router = named(render('strimzi-keda'), 'ScaledObject', 'tributary-router');
    expect(field(router, 'spec', 'maxReplicaCount')).toBe(12);
    expect(records(field(router, 'spec', 'triggers'))[0]?.['metadata']).toMatchObject({ topic: 'tributary.inbound.v1', consumerGroup: 'tributary-router', allowIdleConsumers: 'false' });
    expect(field(named(render('strimzi-keda'), 'ScaledObject', 'tributary-voice-ingest'), 'spec', 'scaleTargetRef', 'kind')).toBe('StatefulSet');
  });

  it('derives the Twilio signature URL and the route from one public base URL', () => {
    const manifests = render('gateway-api');
    expect(envValue(named(manifests, 'Deployment', 'tributary-voice-ingest'), 'TWILIO_WEBHOOK_BASE_URL')).toBe('https://hooks.example.com/tributary');
    const rule = records(field(named(manifests, 'HTTPRoute', 'tributary-voice-ingest'), 'spec', 'rules'))[0];
    expect(field(records(rule?.['matches'])[0], 'path', 'value')).toBe('/tributary/twilio');
    expect(field(records(rule?.['filters'])[0], 'urlRewrite', 'path', 'replacePrefixMatch')).toBe('/twilio');
    expect(field(named(manifests, 'HTTPRoute', 'tributary-voice-ingest'), 'spec', 'hostnames')).toEqual(['hooks.example.com']);
  });

  it('derives the grace period from the preStop pause and SHUTDOWN_TIMEOUT_MS', () => {
    const router = named(render('everything'), 'Deployment', 'tributary-router');
    expect(field(router, 'spec', 'template', 'spec', 'terminationGracePeriodSeconds')).toBe(55);
    expect(envValue(router, 'SHUTDOWN_TIMEOUT_MS')).toBe('40000');
  });

  it('renders every kind the everything set switches on, and never a Secret', () => {
    const kinds = new Set(render('everything').map((manifest) => String(manifest.kind)));
    for (const kind of ['Deployment', 'StatefulSet', 'Service', 'PodDisruptionBudget', 'ScaledObject', 'NetworkPolicy', 'Ingress', 'Job', 'KafkaTopic', 'KafkaUser', 'ServiceMonitor', 'PrometheusRule', 'ConfigMap']) {
      expect(kinds).toContain(kind);
    }
    expect(kinds).not.toContain('Secret');
  });
});

describe('values the chart refuses', () => {
  const minimal = valueSetFile('minimal');
  const refusal = (setJson: string[], valueFiles = [minimal]): string => {
    const result = helmTemplate({ valueFiles, setJson });
    expect(result.ok).toBe(false);
    return result.stderr;
  };

  it('refuses more replicas than the consumed topic has partitions', () => {
    expect(refusal(['apps.router.replicas=7'])).toContain('apps.router: 7 replicas exceed the 6 partitions of tributary.inbound.v1');
  });

  it('refuses an autoscaler maximum above the partitions', () => {
    expect(refusal(['apps.voice-ingest.autoscaling={"mode":"keda","maxReplicas":9}'])).toContain('apps.voice-ingest: 9 replicas exceed the 6 partitions of tributary.outbound.v1');
  });

  it('refuses a misspelled field (readinesProbe) through values.schema.json', () => {
    expect(refusal(['apps.router.probes={"readinesProbe":{"periodSeconds":5}}'])).toContain("additional properties 'readinesProbe' not allowed");
  });

  it('refuses a secret variable given as a plain value', () => {
    expect(refusal(['apps.router.env={"DATABASE_URL":"postgres://u:p@db/router"}'])).toContain("invalid propertyName 'DATABASE_URL'");
  });

  it('refuses an app with a database but no DATABASE_URL Secret reference', () => {
    expect(refusal(['apps.router.secretEnv={}'])).toContain('apps.router.secretEnv.DATABASE_URL is required');
  });

  it('refuses a public base URL with a path behind an Ingress, which cannot strip it portably', () => {
    expect(refusal(['exposure.kind="ingress"', 'apps.voice-ingest.publicBaseUrl="https://hooks.example.com/tributary"'])).toContain('an Ingress cannot strip it portably');
  });

  it('refuses a ServiceMonitor or a public route that the default-deny policy would block', () => {
    expect(refusal(['metrics.serviceMonitor.enabled=true'])).toContain('needs networkPolicy.metricsFrom');
    expect(refusal(['exposure.kind="gatewayApi"'])).toContain('needs networkPolicy.ingressFrom');
  });

  it('keeps the chart directory where the tests expect it', () => {
    expect(CHART_DIR.endsWith('deploy/helm/tributary')).toBe(true);
  });
});
