import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { AttachmentRef } from '@tributary/contracts';
import { BLOB_STORE, type BlobStore } from '@tributary/platform-blob-store';
import { DatabaseRuntime } from '@tributary/platform-database';
import { transactionExecutor } from '@tributary/router-ticketing';
import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import { messageAttachmentFile } from './queue.repository';

export interface AttachmentDownload {
  readonly file: AttachmentRef;
  readonly bytes: Readable;
}

/**
 * The bytes of a customer's attachment, for a helpdesk showing the mail as sent. The ticket, message
 * and hash must all be the tenant's, so a key can never fetch another tenant's file by guessing its
 * storage location; the location itself never leaves the router.
 */
@Injectable()
export class AttachmentDownloadService {
  constructor(
    private readonly database: DatabaseRuntime,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async open(tenantId: string, ticketId: string, messageId: string, sha256: string): Promise<AttachmentDownload> {
    const file = await this.database.dataSource.transaction((manager) => messageAttachmentFile(transactionExecutor(manager), tenantId, ticketId, messageId, sha256));
    if (!file) throw new QueueApiError(QueueApiErrorCode.AttachmentNotFound, `no stored attachment ${sha256} on message ${messageId} of ticket ${ticketId}`);
    try {
      return { file, bytes: await this.blobs.open(file.storageUri) };
    } catch {
      // Deleted by retention, or written to a store this router is not given (BLOB_STORE_*); the
      // store's own words would name its paths, which are not the API client's business.
      throw new QueueApiError(QueueApiErrorCode.AttachmentNotFound, `the bytes of attachment ${sha256} are not in the router's blob store (BLOB_STORE_*)`);
    }
  }
}
