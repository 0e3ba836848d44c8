import type { WhatsappWebClientPort } from './whatsapp-web-client.port';

/**
 * Destroys a Client, waiting at most `timeoutMs`: a browser that hangs while closing must not hold
 * the number's session (or a shutdown) for ever. A failure or a late close is reported, never thrown.
 */
export async function closeWhatsappWebClient(
  client: WhatsappWebClientPort,
  timeoutMs: number,
  report: (level: 'warn' | 'error', msg: string, error?: unknown) => void,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closing = client.destroy().catch((error: unknown) => report('warn', 'closing the Client failed', error));
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
  const outcome = await Promise.race([closing.then(() => 'closed' as const), late]);
  clearTimeout(timer);
  if (outcome === 'late') report('error', `the Client did not close within ${timeoutMs} ms; moving on`);
}
