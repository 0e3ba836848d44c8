import Ajv from 'ajv';
import { checkAgainstModel } from './kubernetes-model.validator';
import { describeObject, type Manifest, type ManifestProblem } from './manifest.types';
import httpRoute from './schemas/http-route.schema.json';
import kafkaTopic from './schemas/kafka-topic.schema.json';
import kafkaUser from './schemas/kafka-user.schema.json';
import kedaScaledObject from './schemas/keda-scaled-object.schema.json';
import kedaTriggerAuthentication from './schemas/keda-trigger-authentication.schema.json';
import prometheusRule from './schemas/prometheus-rule.schema.json';
import serviceMonitor from './schemas/service-monitor.schema.json';

/**
 * Custom resources have no client-node models, and the npm models that exist allow unknown fields;
 * so each kind the chart emits has a small JSON Schema with additionalProperties false everywhere,
 * covering exactly the fields the chart writes (a new field means a schema change, on purpose).
 */
const SCHEMAS: Readonly<Record<string, object>> = {
  'kafka.strimzi.io/v1/KafkaTopic': kafkaTopic,
  'kafka.strimzi.io/v1/KafkaUser': kafkaUser,
  'keda.sh/v1alpha1/ScaledObject': kedaScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': kedaTriggerAuthentication,
  'monitoring.coreos.com/v1/ServiceMonitor': serviceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': prometheusRule,
  'gateway.networking.k8s.io/v1/HTTPRoute': httpRoute,
};

const ajv = new Ajv({ allErrors: true, jsonPointers: true });
const validators = new Map(Object.entries(SCHEMAS).map(([key, schema]) => [key, ajv.compile(schema)]));

export function isCustomResource(manifest: Manifest): boolean {
  return validators.has(`${String(manifest.apiVersion)}/${String(manifest.kind)}`);
}

/** A custom resource against its schema (metadata against the built-in ObjectMeta); undefined for other kinds. */
export function checkCustomResource(manifest: Manifest): ManifestProblem[] | undefined {
  const validate = validators.get(`${String(manifest.apiVersion)}/${String(manifest.kind)}`);
  if (validate === undefined) return undefined;
  const object = describeObject(manifest);
  const problems: ManifestProblem[] = [];
  if (validate(manifest) !== true) {
    for (const error of validate.errors ?? []) {
      const params = error.params as { additionalProperty?: string };
      const detail = params.additionalProperty !== undefined ? `unknown field "${params.additionalProperty}"` : error.message ?? 'invalid';
      problems.push({ object, path: error.dataPath === '' ? '.' : error.dataPath.replace(/\//g, '.'), message: detail });
    }
  }
  checkAgainstModel(manifest.metadata, 'V1ObjectMeta', '.metadata', object, problems);
  return problems;
}
