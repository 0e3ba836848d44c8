/**
 * The text of bench message `index` of batch `label`, carrying a tag unique in the run. Every
 * provider puts the customer's text into the InboundMessage record as is, so the tally finds a
 * message by its tag whatever the provider derives its dedupe key from. The text carries non-ASCII
 * (umlauts, an emoji), so Meta's escaping and each provider's decoding are exercised.
 */
export function benchMessage(label: string, index: number): { readonly tag: string; readonly text: string } {
  const tag = `wb-${label}-${index}`;
  return { tag, text: `Bestellung ${tag}: wo bleibt mein Paket? 📦 Grüße` };
}

const TAG = /\bwb-[a-z0-9]+-\d+\b/;

/** The bench tag in a record's text, if any. */
export function benchTagIn(text: string): string | undefined {
  return TAG.exec(text)?.[0];
}
