/**
 * The stack a CI spec of this harness starts: `<suite>-ci`, or `<TRIBUTARY_STACK_NAME>-<suite>`
 * when a run names its stacks (parallel checkouts on one machine then never share, or stop, one).
 */
export function ciStackName(suite: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env['TRIBUTARY_STACK_NAME'];
  return base ? `${base}-${suite}` : `${suite}-ci`;
}
