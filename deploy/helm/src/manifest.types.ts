/** A rendered Kubernetes object, as parsed from YAML: only apiVersion and kind are known up front. */
export interface Manifest {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: unknown; readonly [key: string]: unknown };
  readonly [field: string]: unknown;
}

/** Where in which object a problem is, and what it is: every check reports in these terms. */
export interface ManifestProblem {
  readonly object: string;
  readonly path: string;
  readonly message: string;
}

/** How a check reports a problem at a path inside the object it is looking at. */
export type ProblemReport = (path: string, message: string) => void;

export function describeObject(manifest: Manifest): string {
  return `${String(manifest.kind)}/${String(manifest.metadata?.name)}`;
}

export function formatProblems(problems: readonly ManifestProblem[]): string {
  return problems.map((problem) => `${problem.object} ${problem.path}: ${problem.message}`).join('\n');
}
