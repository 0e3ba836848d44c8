/** Polls until `probe` resolves to true, failing with `what` after the timeout. */
export async function waitFor(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 20_000, intervalMs = 50): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return Date.now() - started;
}
