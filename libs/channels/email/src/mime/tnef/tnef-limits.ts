/** Bounds on one TNEF stream; past them the stream is kept whole instead of decoded. */
export interface TnefLimits {
  /** Most attributes read (a real winmail.dat has a few dozen). */
  readonly maxAttributes: number;
  /** Most attachments extracted. */
  readonly maxAttachments: number;
  /** Most MAPI properties in one property block. */
  readonly maxPropsPerBlock: number;
  /** Largest RTF body decompressed, in bytes (decompressRtf's cap; the mail's size limit may be lower). */
  readonly maxRtfBytes: number;
}

export const DEFAULT_TNEF_LIMITS: TnefLimits = {
  maxAttributes: 10_000,
  maxAttachments: 100,
  maxPropsPerBlock: 5_000,
  maxRtfBytes: 16 * 1024 * 1024,
};
