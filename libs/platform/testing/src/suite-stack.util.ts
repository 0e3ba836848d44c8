/**
 * The name of a stack one suite runs for itself (a broker it stops, freezes or starts afresh),
 * within the run's own stack name (TRIBUTARY_STACK_NAME, "test" by default), so two test runs on
 * one machine never share, or stop, each other's.
 */
export function suiteStackName(suffix: string): string {
  return `${process.env['TRIBUTARY_STACK_NAME'] ?? 'test'}-${suffix}`;
}
