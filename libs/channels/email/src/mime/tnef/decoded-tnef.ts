/** One file found inside a winmail.dat. `data` is a view into the TNEF bytes. */
export interface TnefAttachment {
  readonly name: string | undefined;
  readonly data: Buffer;
  /** PR_ATTACH_MIME_TAG, when the sender gave one. */
  readonly mimeType: string | undefined;
  readonly contentId: string | undefined;
}

/** What a winmail.dat held: its files, its body in whatever forms it had, and what could not be read. */
export interface DecodedTnef {
  readonly attachments: readonly TnefAttachment[];
  readonly text: string | undefined;
  readonly html: string | undefined;
  /** The RTF body, decompressed (never converted to text). */
  readonly rtf: Buffer | undefined;
  /** Parts present but not extracted (embedded messages, OLE objects, a damaged RTF body), by why. */
  readonly skipped: readonly string[];
}
