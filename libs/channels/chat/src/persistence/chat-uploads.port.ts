import type { AttachmentRef } from '@tributary/contracts';

/** An upload a visitor may reference from its messages. */
export interface ChatUpload {
  readonly attachmentId: string;
  readonly tenantId: string;
  readonly visitorId: string;
  readonly ref: AttachmentRef;
}

/** Where uploads are recorded, so a message on any replica can reference an upload to another. */
export interface ChatUploadsPort {
  record(upload: ChatUpload): Promise<void>;
  /** The visitor's own uploads among `attachmentIds`, in their order; another visitor's are not found. */
  find(tenantId: string, visitorId: string, attachmentIds: readonly string[]): Promise<AttachmentRef[]>;
}
