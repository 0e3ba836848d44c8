import type { Channel, Provider } from '@tributary/contracts';
import type { z } from 'zod';
import type { ChannelSender } from '../outbound/channel-sender.port';
import type { WebhookVerifierPort } from '../webhook/webhook-verifier.port';
import type { DeliveryCallbackMapper } from './delivery-callback.mapper.port';
import type { InboundNormalizer } from './inbound-normalizer.port';

/**
 * What one provider gives an ingest app. Payloads are `unknown` here because the app hands over the
 * webhook body without knowing any provider's shape: each adapter checks it with its own schema, so
 * a registry of different providers stays type-safe without casts.
 */
export interface ChannelProviderAdapters {
  readonly verifier: WebhookVerifierPort;
  readonly normalizer: InboundNormalizer<unknown>;
  readonly sender: ChannelSender;
  readonly deliveryCallbacks: DeliveryCallbackMapper<unknown>;
}

/**
 * One provider as its channel library's registry (`src/providers.ts`) lists it, so adding a provider
 * is its folder plus one line there (`tools/generators/new-provider.cli.ts` writes both).
 */
export interface ChannelProvider {
  /** The provider its messages and delivery reports name. */
  readonly provider: Provider;
  /** The channels it receives and answers. */
  readonly channels: readonly Channel[];
  /** Its environment variables, for the app to validate with its own at boot and list in `--help`. */
  readonly configShape: Readonly<Record<string, z.ZodType>>;
  /** Builds its adapters from the environment; throws ConfigError naming any bad variable. */
  create(env: NodeJS.ProcessEnv): ChannelProviderAdapters;
}
