import type { Manifest, ProblemReport } from './manifest.types';
import { field, records, type JsonRecord } from './object-access.util';

/**
 * App paths no public route may reach: health and metrics, and social-ingest's operator endpoint
 * (its answer carries the QR that links a company's WhatsApp number to whoever scans it).
 */
export const INTERNAL_PATHS = ['/health/live', '/health/ready', '/metrics', '/whatsapp-web/sessions'] as const;

/** Whether a path prefix (as the app sees it) reaches `path`: element-wise, as Gateway API and Ingress match. */
function reaches(prefix: string, path: string): boolean {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed === '' || path === trimmed || path.startsWith(`${trimmed}/`);
}

/** The prefix an HTTPRoute rule hands the app: its rewrite when it has one, else what it matches (no match is "/"). */
function routedPrefixes(rule: JsonRecord): { prefix: string; type: unknown }[] {
  const rewrite = records(rule['filters'])
    .map((filter) => field(filter, 'urlRewrite', 'path'))
    .find((path) => field(path, 'type') === 'ReplacePrefixMatch');
  const matches = records(rule['matches']);
  if (matches.length === 0) return [{ prefix: '/', type: 'PathPrefix' }];
  return matches.map((match) => {
    const type = field(match, 'path', 'type') ?? 'PathPrefix';
    const value = field(match, 'path', 'value');
    const replaced = field(rewrite, 'replacePrefixMatch');
    return { prefix: typeof replaced === 'string' ? replaced : typeof value === 'string' ? value : '/', type };
  });
}

/** A public route forwards webhook prefixes only: never health, metrics or an operator endpoint. */
export function checkPublicRoute(manifest: Manifest, report: ProblemReport): void {
  const routed: { path: string; prefix: string; type: unknown }[] = [];
  if (manifest.kind === 'HTTPRoute') {
    records(field(manifest, 'spec', 'rules')).forEach((rule, index) => {
      for (const entry of routedPrefixes(rule)) routed.push({ path: `.spec.rules[${index}]`, ...entry });
    });
  } else if (manifest.kind === 'Ingress') {
    records(field(manifest, 'spec', 'rules')).forEach((rule, index) => {
      records(field(rule, 'http', 'paths')).forEach((path, pathIndex) => {
        routed.push({ path: `.spec.rules[${index}].http.paths[${pathIndex}]`, prefix: typeof path['path'] === 'string' ? path['path'] : '/', type: path['pathType'] });
      });
    });
  }
  for (const { path, prefix, type } of routed) {
    if (type === 'RegularExpression') {
      report(path, `a RegularExpression match cannot be checked; route webhook prefixes with PathPrefix`);
      continue;
    }
    const exposed = INTERNAL_PATHS.filter((internal) => (type === 'Exact' ? prefix === internal : reaches(prefix, internal)));
    if (exposed.length > 0) report(path, `${JSON.stringify(prefix)} makes ${exposed.join(', ')} public; route only the webhook prefixes`);
  }
}
