import type { InjectionToken, Provider, Type } from '@nestjs/common';
import type { MediaFetchPolicyOptions, MediaIntakeOptions, MediaRetryMetrics } from '@tributary/channel-kit';
import type { JsonLogger } from '@tributary/platform-observability';

/** What one configured provider adds to social-ingest. */
export interface ProviderWiring {
  readonly controllers: readonly Type[];
  readonly providers: readonly Provider[];
  /** Its media fetch policies, for the app's one MediaFetcher. */
  readonly mediaPolicies: readonly MediaFetchPolicyOptions[];
  /** The token its media downloader is provided under, for the shared retry queue, by provider name. */
  readonly mediaDownloader?: { readonly provider: string; readonly token: InjectionToken };
}

/** Nothing: the provider is not configured. */
export const NOT_CONFIGURED: ProviderWiring = { controllers: [], providers: [], mediaPolicies: [] };

/** What every provider's media intake logs and counts, so no failed download goes unseen. */
export function mediaIntakeReporting(context: string, logger: JsonLogger, metrics: MediaRetryMetrics): Pick<MediaIntakeOptions, 'onFetchFailed' | 'onQueueFailed'> {
  return {
    onFetchFailed: (error, announced, retried) =>
      retried
        ? logger.event('warn', context, 'media not stored in time; announced as pending and retried in the background', { attachmentId: announced.attachmentId, error })
        : logger.event('error', context, 'media cannot be stored; announced as failed', { attachmentId: announced.attachmentId, error }),
    onQueueFailed: (error, media) => {
      metrics.count('unqueued', media.length);
      logger.event('error', context, 'no media retry could be queued; the attachments are announced as failed', { attachmentIds: media.map((entry) => entry.attachmentId), error });
    },
  };
}
