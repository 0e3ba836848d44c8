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
  /**
   * PR_RTF_COMPRESSED as sent, a view into the TNEF bytes. It is expanded (decompressRtf) only when
   * the mail has no other body: most winmail.dat carry it next to a text body nobody needs it for.
   */
  readonly rtfCompressed: Buffer | undefined;
  /** Parts present but not extracted (embedded messages, OLE objects), by why. */
  readonly skipped: readonly string[];
}
