import type { ProviderNames } from '../provider-names';

/** `<provider>.provider.ts`: the ChannelProvider definition the library's registry lists. */
export function providerTemplate(n: ProviderNames): string {
  const v = n.constant;
  return `import type { ChannelProvider } from '@tributary/channel-kit';
import { loadConfig } from '@tributary/platform-config';
import { z } from 'zod';
import { ${n.camel}ConfigShape } from './${n.provider}-config.schema';
import { ${n.pascal}DeliveryCallbackMapper } from './${n.provider}-delivery-callback.mapper';
import { ${n.pascal}Normalizer } from './${n.provider}.normalizer';
import { ${n.pascal}ReplySender } from './${n.provider}-reply.sender';
import { ${n.pascal}WebhookVerifier } from './${n.provider}-webhook.verifier';

/** ${n.provider} on the ${n.channel} channel, as src/providers.ts registers it. */
export const ${n.camel}Provider: ChannelProvider = {
  provider: '${n.provider}',
  channels: ['${n.channel}'],
  configShape: ${n.camel}ConfigShape,
  create(env) {
    const config = loadConfig(z.object(${n.camel}ConfigShape), env);
    // A Map, so an inbox named like an Object method is not one.
    const tenants = new Map(Object.entries(config.${v}_INBOXES));
    return {
      verifier: new ${n.pascal}WebhookVerifier(config.${v}_WEBHOOK_SECRET, config.${v}_WEBHOOK_BASE_URL),
      normalizer: new ${n.pascal}Normalizer((inbox) => tenants.get(inbox)),
      sender: new ${n.pascal}ReplySender(config.${v}_API_BASE_URL, config.${v}_API_TOKEN),
      deliveryCallbacks: new ${n.pascal}DeliveryCallbackMapper(),
    };
  },
};
`;
}
