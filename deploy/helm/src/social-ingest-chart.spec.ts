import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHART_DIR, helmTemplate, renderManifests, valueSetFile } from './helm-chart.util';
import { SECRET_VARIABLES } from './manifest-policy.checker';
import type { Manifest } from './manifest.types';
import { asRecord, field, records } from './object-access.util';
import { envValue, named } from './rendered-manifest.util';
import { declaredSecretVariables } from './secret-variables.util';

/*
 * social-ingest's four providers, whatsapp-web.js sessions and the consumer-group prefix, as the
 * chart renders them (the value sets' schema and policy checks run in chart.spec.ts).
 */

let everything: Manifest[];
let gatewayApi: Manifest[];
beforeAll(() => {
  everything = renderManifests({ valueFiles: [valueSetFile('everything')] });
  gatewayApi = renderManifests({ valueFiles: [valueSetFile('gateway-api')] });
});

const PROVIDER_PREFIXES = ['/whatsapp-cloud/webhook', '/telegram/webhook', '/meta/webhook'];

describe('social-ingest', () => {
  it('routes exactly the providers\' webhook prefixes, and every provider signs against the same base URL', () => {
    const ingress = named(everything, 'Ingress', 'tributary-social-ingest');
    const paths = records(field(records(field(ingress, 'spec', 'rules'))[0], 'http', 'paths')).map((path) => path['path']);
    expect(paths).toEqual(PROVIDER_PREFIXES);
    const route = named(gatewayApi, 'HTTPRoute', 'tributary-social-ingest');
    const rules = records(field(route, 'spec', 'rules')).map((rule) => [
      field(records(rule['matches'])[0], 'path', 'value'),
      field(records(rule['filters'])[0], 'urlRewrite', 'path', 'replacePrefixMatch'),
    ]);
    expect(rules).toEqual(PROVIDER_PREFIXES.map((prefix) => [`/tributary${prefix}`, prefix]));
    const deployment = named(gatewayApi, 'Deployment', 'tributary-social-ingest');
    for (const variable of ['WHATSAPP_CLOUD_WEBHOOK_BASE_URL', 'TELEGRAM_WEBHOOK_BASE_URL', 'META_WEBHOOK_BASE_URL']) {
      expect([variable, envValue(deployment, variable)]).toEqual([variable, 'https://hooks.example.com/tributary']);
    }
  });

  it('runs whatsapp-web.js sessions as a StatefulSet of the Chromium image, logins and spool on volumes, /dev/shm in memory', () => {
    const set = named(everything, 'StatefulSet', 'tributary-social-ingest');
    const container = records(field(set, 'spec', 'template', 'spec', 'containers'))[0] ?? {};
    expect(container['image']).toBe('ghcr.io/tributary/social-ingest-chromium:0.1.0');
    expect(envValue(set, 'WHATSAPP_WEB_AUTH_DIR')).toBe('/var/lib/tributary/whatsapp-web');
    expect(field(container, 'resources', 'limits', 'memory')).toBe('2Gi');
    expect(field(container, 'securityContext', 'readOnlyRootFilesystem')).toBe(true);
    const mounts = Object.fromEntries(records(container['volumeMounts']).map((mount) => [mount['mountPath'], mount['name']]));
    expect(mounts).toMatchObject({ '/var/lib/tributary/whatsapp-web': 'whatsapp-web-logins', '/var/lib/tributary/whatsapp-web/spool': 'whatsapp-web', '/dev/shm': 'shm', '/tmp': 'tmp' });
    expect(records(field(set, 'spec', 'volumeClaimTemplates')).map((claim) => field(claim, 'metadata', 'name'))).toEqual(['whatsapp-web']);
    expect(field(named(everything, 'ScaledObject', 'tributary-social-ingest'), 'spec', 'scaleTargetRef', 'kind')).toBe('StatefulSet');
    // Without a shared claim the replica's own volume holds the whole auth directory.
    const own = named(renderManifests({ valueFiles: [valueSetFile('everything')], setJson: ['apps.social-ingest.whatsappWeb.sharedLogins={"existingClaim":""}'] }), 'StatefulSet', 'tributary-social-ingest');
    const ownMounts = records(field(own, 'spec', 'template', 'spec', 'containers')).flatMap((entry) => records(entry['volumeMounts']));
    expect(ownMounts.find((mount) => mount['mountPath'] === '/var/lib/tributary/whatsapp-web')?.['name']).toBe('whatsapp-web');
  });

  it('never routes the operators\' endpoint', () => {
    const exposed = [...everything, ...gatewayApi]
      .filter((manifest) => manifest.kind === 'Ingress' || manifest.kind === 'HTTPRoute')
      .flatMap((manifest) => JSON.stringify(manifest.spec).match(/whatsapp-web/g) ?? []);
    expect(exposed).toEqual([]);
  });
});

describe('the consumer-group prefix', () => {
  it('names the groups the apps join in the Strimzi ACLs, the KEDA trigger and the lag alert', () => {
    const router = named(everything, 'Deployment', 'tributary-router');
    expect(envValue(router, 'KAFKA_CONSUMER_GROUP_PREFIX')).toBe('prod.');
    const user = named(everything, 'KafkaUser', 'tributary-social-ingest-kafka');
    const groups = records(field(user, 'spec', 'authorization', 'acls')).filter((acl) => field(acl, 'resource', 'type') === 'group').map((acl) => field(acl, 'resource', 'name'));
    expect(groups).toEqual(['prod.tributary-social-ingest-outbound']);
    const routerGroups = records(field(named(everything, 'KafkaUser', 'tributary-router-kafka'), 'spec', 'authorization', 'acls')).filter((acl) => field(acl, 'resource', 'type') === 'group').map((acl) => field(acl, 'resource', 'name'));
    expect(routerGroups).toEqual(['prod.tributary-router', 'prod.tributary-router-delivery', 'prod.tributary-router-attachments']);
    expect(records(field(named(everything, 'ScaledObject', 'tributary-router'), 'spec', 'triggers'))[0]?.['metadata']).toMatchObject({ consumerGroup: 'prod.tributary-router' });
    expect(JSON.stringify(everything.find((manifest) => manifest.kind === 'PrometheusRule'))).toContain('consumergroup=~\\"prod[.]tributary-.*\\"');
  });
});

describe('secret variables', () => {
  const schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as unknown;
  const refusedUnderEnv = (app: string): unknown[] =>
    records(field(schema, 'properties', 'apps', 'properties', app, 'properties', 'env', 'propertyNames', 'allOf')).flatMap((part): unknown[] => {
      const values: unknown = field(asRecord(part), 'not', 'enum');
      return Array.isArray(values) ? (values as unknown[]) : [];
    });

  it('every variable the apps declare secret is refused as a plain value and never rendered literally', () => {
    const declared = [...declaredSecretVariables()].sort();
    expect(declared).toEqual(expect.arrayContaining(['TELEGRAM_BOT_TOKENS', 'META_APP_SECRETS', 'WHATSAPP_WEB_OPERATOR_TOKEN']));
    expect(declared.filter((variable) => !SECRET_VARIABLES.has(variable))).toEqual([]);
    for (const app of ['router', 'email-ingest', 'voice-ingest', 'chat-ingest', 'social-ingest']) {
      expect([app, declared.filter((variable) => !refusedUnderEnv(app).includes(variable))]).toEqual([app, []]);
    }
  });
});

describe('social values the chart refuses', () => {
  const refusal = (setJson: string[], set: 'everything' | 'minimal' = 'everything'): string => {
    const result = helmTemplate({ valueFiles: [valueSetFile(set)], setJson });
    expect(result.ok).toBe(false);
    return result.stderr;
  };

  it('a provider token given as a plain value', () => {
    expect(refusal(['apps.social-ingest.env={"WHATSAPP_WEB_OPERATOR_TOKEN":"0123456789abcdef0123"}'])).toContain("invalid propertyName 'WHATSAPP_WEB_OPERATOR_TOKEN'");
    expect(refusal(['apps.social-ingest.env={"TELEGRAM_WEBHOOK_BASE_URL":"https://elsewhere.example.com"}'])).toContain("invalid propertyName 'TELEGRAM_WEBHOOK_BASE_URL'");
  });

  it('whatsapp-web.js numbers without the sessions\' StatefulSet, and sessions without the operator token', () => {
    expect(refusal(['apps.social-ingest.whatsappWeb.enabled=false'])).toContain('WHATSAPP_WEB_NUMBERS needs apps.social-ingest.whatsappWeb.enabled');
    const withoutToken = {
      enabled: true,
      whatsappWeb: { enabled: true },
      env: { WHATSAPP_WEB_NUMBERS: '{"+4915112345678":{"tenantId":"acme"}}' },
      secretEnv: { DATABASE_URL: { name: 'tributary-social-ingest', key: 'database-url' } },
    };
    expect(refusal([`apps.social-ingest=${JSON.stringify(withoutToken)}`], 'minimal')).toContain('secretEnv.WHATSAPP_WEB_OPERATOR_TOKEN is required with whatsappWeb.enabled');
  });
});
