import { metaMessagingApp } from './meta-messaging-webhook.workload';
import type { ProviderWorkload } from './provider-workload';
import type { SocialProvider } from './social-provider';
import { telegramWorkload } from './telegram-webhook.workload';
import { whatsappWorkload } from './whatsapp-webhook.workload';

/** Each provider's workload for run `runId`, in the order given; Messenger and Instagram share one Meta app. */
export function providerWorkloads(providers: readonly SocialProvider[], runId: string): ProviderWorkload[] {
  const meta = metaMessagingApp(runId);
  return providers.map((provider): ProviderWorkload => {
    switch (provider) {
      case 'whatsapp':
        return whatsappWorkload(runId);
      case 'telegram':
        return telegramWorkload(runId);
      case 'messenger':
      case 'instagram':
        return meta.workload(provider);
      default:
        throw new Error(`no workload for provider ${String(provider satisfies never)}`);
    }
  });
}
