import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmTemplate, parseManifests, valueSetFile } from './helm-chart.util';
import { ensureK8sTools, WORKSPACE_ROOT } from './k8s-tools.util';
import { checkPolicies } from './manifest-policy.checker';
import { validateManifests } from './manifest-schema.validator';
import { formatProblems, type Manifest } from './manifest.types';
import { field, records } from './object-access.util';

/*
 * GitOps users render the chart once and keep overlays beside it (deploy/helm/kustomize). The
 * example overlay is built with kubectl's kustomize from a fresh render, exactly as the README says,
 * and what comes out must still pass every schema and policy check.
 */

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'tributary-kustomize-'));
  cpSync(join(WORKSPACE_ROOT, 'deploy', 'helm', 'kustomize'), workDir, { recursive: true });
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function build(rendered: string): { ok: boolean; stdout: string; stderr: string } {
  writeFileSync(join(workDir, 'base', 'tributary.yaml'), rendered);
  const run = spawnSync(ensureK8sTools().kubectl, ['kustomize', join(workDir, 'overlays', 'production')], { encoding: 'utf8' });
  return { ok: run.status === 0, stdout: run.stdout, stderr: run.stderr };
}

it('builds the production overlay from the rendered chart, still valid and within policy', () => {
  const rendered = helmTemplate({ valueFiles: [valueSetFile('everything')] });
  expect(rendered.ok).toBe(true);
  const result = build(rendered.stdout);
  expect(result.stderr).toBe('');
  const manifests: Manifest[] = parseManifests(result.stdout);
  expect(formatProblems([...validateManifests(manifests), ...checkPolicies(manifests)])).toBe('');

  const router = manifests.find((manifest) => manifest.kind === 'Deployment' && manifest.metadata?.name === 'tributary-router');
  const container = records(field(router, 'spec', 'template', 'spec', 'containers'))[0];
  expect(field(container, 'resources', 'limits', 'memory')).toBe('1Gi');
  // The strategic merge kept the probes it did not mention.
  expect(field(container, 'readinessProbe', 'httpGet', 'path')).toBe('/health/ready');
  expect(field(router, 'metadata', 'namespace')).toBe('support');
  expect(field(router, 'spec', 'template', 'metadata', 'labels', 'environment')).toBe('production');
});

it('fails the build when the base is not a rendered chart (so the check above can fail)', () => {
  const result = build('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other}\n');
  expect(result.ok).toBe(false);
  expect(result.stderr).toMatch(/tributary-router|no matches/);
});
