// GSM 03.38 (3GPP TS 23.038): the default alphabet costs one septet a character, its extension table
// two (an escape and the character). Anything else sends the whole message as UCS-2.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

/** One segment holds 160 septets or 70 UCS-2 units; a concatenated one loses 7 septets / 3 units to its header. */
const SINGLE = { gsm: 160, ucs2: 70 } as const;
const CONCATENATED = { gsm: 153, ucs2: 67 } as const;

/**
 * How many SMS segments Twilio bills for `body`, as its Messages resource reports in `num_segments`:
 * GSM-7 when every character is in the GSM alphabet, UCS-2 otherwise. A character is never split
 * between segments (an extension character's two septets, a surrogate pair's two units stay together).
 */
export function smsSegmentCount(body: string): number {
  const characters = [...body];
  const gsm = characters.every((character) => GSM_BASIC.has(character) || GSM_EXTENSION.has(character));
  const costs = characters.map((character) => (gsm ? (GSM_EXTENSION.has(character) ? 2 : 1) : character.length));
  const total = costs.reduce((sum, cost) => sum + cost, 0);
  if (total === 0) return 1;
  if (total <= (gsm ? SINGLE.gsm : SINGLE.ucs2)) return 1;
  const capacity = gsm ? CONCATENATED.gsm : CONCATENATED.ucs2;
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > capacity) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}
