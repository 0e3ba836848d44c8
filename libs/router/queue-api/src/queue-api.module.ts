import { DynamicModule, Module } from '@nestjs/common';
import { parseApiKeyConfig } from './api-keys.util';
import { BLOB_STORE, type BlobStore } from '@tributary/platform-blob-store';
import { AttachmentDownloadService } from './attachment-download.service';
import { ChannelHealthController } from './console/channel-health.controller';
import { ConsoleController } from './console/console.controller';
import { ConsoleOverviewService } from './console/console-overview.service';
import { OperatorTenantsController } from './console/operator-tenants.controller';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { DeadLettersController } from './operator/dead-letters.controller';
import { DEAD_LETTER_OPTIONS, DeadLettersService } from './operator/dead-letters.service';
import { OperatorKeyGuard } from './operator/operator-key.guard';
import { parseOperatorKeyConfig } from './operator/operator-keys.util';
import { QueueController } from './queue.controller';
import { QueueService } from './queue.service';
import { API_KEY_DIGESTS, OPERATOR_KEY_DIGESTS } from './key-digests.tokens';
import { TenantApiKeyGuard } from './tenant-api-key.guard';

export interface QueueApiOptions {
  /** `tenant=<sha256 hex of the key>,…` (ROUTER_API_KEYS). */
  readonly apiKeys: string;
  /** `operator=<sha256 hex of the key>,…` (ROUTER_OPERATOR_KEYS): the operator routes, across tenants. */
  readonly operatorKeys: string;
  /** Where the ingests keep attachments. */
  readonly blobs: BlobStore;
  /** KAFKA_CONSUMER_GROUP_PREFIX, for the throwaway groups that read the dead-letter topic. */
  readonly consumerGroupPrefix: string;
}

@Module({})
export class QueueApiModule {
  static forRoot(options: QueueApiOptions): DynamicModule {
    return {
      module: QueueApiModule,
      controllers: [QueueController, ContactsController, DeadLettersController, ChannelHealthController, OperatorTenantsController, ConsoleController],
      providers: [
        QueueService,
        ContactsService,
        AttachmentDownloadService,
        DeadLettersService,
        ConsoleOverviewService,
        TenantApiKeyGuard,
        OperatorKeyGuard,
        { provide: API_KEY_DIGESTS, useValue: parseApiKeyConfig(options.apiKeys) },
        { provide: OPERATOR_KEY_DIGESTS, useValue: parseOperatorKeyConfig(options.operatorKeys) },
        { provide: DEAD_LETTER_OPTIONS, useValue: { consumerGroupPrefix: options.consumerGroupPrefix } },
        { provide: BLOB_STORE, useValue: options.blobs },
      ],
    };
  }
}
