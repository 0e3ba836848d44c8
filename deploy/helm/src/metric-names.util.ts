import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from './k8s-tools.util';

const REGISTRATION = /name:\s*'(tributary_[a-z0-9_]+)'/g;
/** Identifiers shaped like the series Tributary's rules and dashboard use (PromQL functions never start so). */
const SERIES = /\b((?:tributary|kafka|process|up)(?:_[a-z0-9]+)*)\b/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Metric names the apps register with prom-client (`name: 'tributary_…'` in libs/ and apps/), histograms with their series. */
export function registeredMetricNames(): Set<string> {
  const names = new Set<string>();
  for (const root of ['libs', 'apps']) {
    for (const file of sourceFiles(join(WORKSPACE_ROOT, root))) {
      for (const match of readFileSync(file, 'utf8').matchAll(REGISTRATION)) {
        const name = match[1];
        if (name === undefined) continue;
        names.add(name);
        for (const suffix of ['bucket', 'count', 'sum']) names.add(`${name}_${suffix}`);
      }
    }
  }
  return names;
}

/** The series names a PromQL expression (or a dashboard's JSON) refers to. */
export function metricNamesIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(SERIES)) {
    const name = match[1];
    if (name !== undefined && (name.includes('_') || name === 'up')) found.add(name);
  }
  return [...found];
}
