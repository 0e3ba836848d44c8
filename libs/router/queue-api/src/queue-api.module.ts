import { DynamicModule, Module } from '@nestjs/common';
import { parseApiKeyConfig } from './api-keys.util';
import { BLOB_STORE, type BlobStore } from '@tributary/platform-blob-store';
import { AttachmentDownloadService } from './attachment-download.service';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { QueueController } from './queue.controller';
import { QueueService } from './queue.service';
import { API_KEY_DIGESTS, TenantApiKeyGuard } from './tenant-api-key.guard';

@Module({})
export class QueueApiModule {
  /** `apiKeys`: `tenant=<sha256 hex of the key>,…` (ROUTER_API_KEYS); `blobs`: where the ingests keep attachments. */
  static forRoot(options: { apiKeys: string; blobs: BlobStore }): DynamicModule {
    return {
      module: QueueApiModule,
      controllers: [QueueController, ContactsController],
      providers: [
        QueueService,
        ContactsService,
        AttachmentDownloadService,
        TenantApiKeyGuard,
        { provide: API_KEY_DIGESTS, useValue: parseApiKeyConfig(options.apiKeys) },
        { provide: BLOB_STORE, useValue: options.blobs },
      ],
    };
  }
}
