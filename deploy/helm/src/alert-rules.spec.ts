import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { renderManifests, valueSetFile } from './helm-chart.util';
import { findPromtool } from './k8s-tools.util';
import { metricNamesIn, registeredMetricNames } from './metric-names.util';
import { field, records } from './object-access.util';
import { CHART_DIR } from './helm-chart.util';

/*
 * The alert rules as Prometheus will load them (`promtool check rules` on the rendered
 * PrometheusRule's groups), and every series they and the dashboard use must exist: registered by
 * the apps' code, or one of the few external series the guide names.
 */

const promtool = findPromtool();
let workDir: string;
let groups: unknown;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'tributary-rules-'));
  const rule = renderManifests({ valueFiles: [valueSetFile('everything')] }).find((manifest) => manifest.kind === 'PrometheusRule');
  groups = field(rule, 'spec', 'groups');
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function checkRules(ruleGroups: unknown): { ok: boolean; output: string } {
  if (promtool === undefined) throw new Error('promtool is missing: tools/setup.sh installs Debian\'s prometheus package, which ships it');
  const file = join(workDir, `rules-${Date.now()}.yaml`);
  writeFileSync(file, stringify({ groups: ruleGroups }));
  const run = spawnSync(promtool, ['check', 'rules', file], { encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

// promtool comes from a Debian package; CI (CI=true) always has it, so there it is never skipped.
const withPromtool = promtool !== undefined || process.env['CI'] === 'true' ? it : it.skip;
if (promtool === undefined && process.env['CI'] !== 'true') {
  process.stderr.write('helm-chart: promtool not found, alert-rule checks skipped (run tools/setup.sh as root to install it)\n');
}

withPromtool('promtool accepts the rendered alert rules', () => {
  const result = checkRules(groups);
  expect(result).toEqual({ ok: true, output: expect.stringContaining('SUCCESS') as unknown });
});

withPromtool('promtool refuses a broken rule (so the check above can fail)', () => {
  const broken = [{ name: 'broken', rules: [{ alert: 'Broken', expr: 'sum(rate(tributary_kafka_records_produced_total[5m])' }] }];
  const result = checkRules(broken);
  expect(result.ok).toBe(false);
  expect(result.output).toMatch(/parse error|unclosed|expected/i);
});

const EXTERNAL_SERIES = new Set([
  // Written by Prometheus itself for every scrape target.
  'up',
  // Strimzi's Kafka Exporter: the apps do not measure their own consumer lag.
  'kafka_consumergroup_lag',
  // prom-client's default process metrics (collectDefaultMetrics in libs/platform/observability).
  'process_resident_memory_bytes',
  'process_cpu_seconds_total',
]);

it('alerts and the dashboard use only series that exist', () => {
  const registered = registeredMetricNames();
  expect(registered.size).toBeGreaterThan(10);
  const expressions = records(groups).flatMap((group) => records(group['rules'])).map((rule) => String(rule['expr']));
  const dashboard = readFileSync(join(CHART_DIR, 'dashboards', 'tributary.json'), 'utf8');
  const used = new Set([...expressions.flatMap(metricNamesIn), ...metricNamesIn(dashboard)]);
  const unknown = [...used].filter((name) => !registered.has(name) && !EXTERNAL_SERIES.has(name));
  expect(unknown).toEqual([]);
  expect(used.size).toBeGreaterThan(12);
});

it('ships a dashboard Grafana can import: unique panel ids, a Prometheus datasource variable, a query per target', () => {
  const dashboard = JSON.parse(readFileSync(join(CHART_DIR, 'dashboards', 'tributary.json'), 'utf8')) as unknown;
  const panels = records(field(dashboard, 'panels'));
  const ids = panels.map((panel) => panel['id']);
  expect(new Set(ids).size).toBe(panels.length);
  expect(records(field(dashboard, 'templating', 'list')).map((variable) => variable['name'])).toEqual(['datasource', 'namespace']);
  const targets = panels.flatMap((panel) => records(panel['targets']));
  expect(targets.length).toBeGreaterThan(panels.length);
  expect(targets.filter((target) => typeof target['expr'] !== 'string' || target['expr'] === '')).toEqual([]);
});

it('notices a metric no code registers (so the check above can fail)', () => {
  const registered = registeredMetricNames();
  const unknown = metricNamesIn('rate(tributary_spool_bytes[5m]) + tributary_kafka_records_produced_total').filter((name) => !registered.has(name));
  expect(unknown).toEqual(['tributary_spool_bytes']);
});
