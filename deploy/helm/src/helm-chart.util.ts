import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ensureK8sTools, WORKSPACE_ROOT } from './k8s-tools.util';
import type { Manifest } from './manifest.types';

export const CHART_DIR = join(WORKSPACE_ROOT, 'deploy', 'helm', 'tributary');
export const VALUE_SETS_DIR = join(WORKSPACE_ROOT, 'deploy', 'helm', 'values');

/** The value sets CI renders; each is a file under deploy/helm/values. */
export const VALUE_SETS = ['minimal', 'strimzi-keda', 'gateway-api', 'everything'] as const;
export type ValueSetName = (typeof VALUE_SETS)[number];

export function valueSetFile(name: ValueSetName): string {
  return join(VALUE_SETS_DIR, `${name}.yaml`);
}

export interface HelmResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

function helm(args: readonly string[]): HelmResult {
  const { helm: binary } = ensureK8sTools();
  const run = spawnSync(binary, args, { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: '/tmp/helm-cache', HELM_CONFIG_HOME: '/tmp/helm-config' } });
  return { ok: run.status === 0, stdout: run.stdout, stderr: run.stderr };
}

export function helmLint(valueFiles: readonly string[]): HelmResult {
  return helm(['lint', '--strict', CHART_DIR, ...valueFiles.flatMap((file) => ['-f', file])]);
}

export interface RenderOptions {
  readonly valueFiles?: readonly string[];
  /** --set-json pairs, for tests that change one value. */
  readonly setJson?: readonly string[];
}

/** `helm template` as an operator would run it (release "tributary" in namespace "support"). */
export function helmTemplate(options: RenderOptions): HelmResult {
  return helm([
    'template',
    'tributary',
    CHART_DIR,
    '--namespace',
    'support',
    ...(options.valueFiles ?? []).flatMap((file) => ['-f', file]),
    ...(options.setJson ?? []).flatMap((pair) => ['--set-json', pair]),
  ]);
}

/** Renders and parses, or throws with helm's own message. */
export function renderManifests(options: RenderOptions): Manifest[] {
  const result = helmTemplate(options);
  if (!result.ok) throw new Error(`helm template failed: ${result.stderr.trim()}`);
  return parseManifests(result.stdout);
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as unknown)
    .filter((value): value is Manifest => typeof value === 'object' && value !== null && !Array.isArray(value));
}
