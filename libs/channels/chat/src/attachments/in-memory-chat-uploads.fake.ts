import type { AttachmentRef } from '@tributary/contracts';
import type { ChatUpload, ChatUploadsPort } from '../persistence/chat-uploads.port';

/** The uploads' records in memory, for unit specs (the repository runs in the integration suites). */
export class InMemoryChatUploads implements ChatUploadsPort {
  readonly uploads: ChatUpload[] = [];

  record(upload: ChatUpload): Promise<void> {
    this.uploads.push(upload);
    return Promise.resolve();
  }

  find(tenantId: string, visitorId: string, attachmentIds: readonly string[]): Promise<AttachmentRef[]> {
    return Promise.resolve(
      attachmentIds.flatMap((id) => this.uploads.filter((upload) => upload.attachmentId === id && upload.tenantId === tenantId && upload.visitorId === visitorId).map((upload) => upload.ref)),
    );
  }
}
