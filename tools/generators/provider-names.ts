import type { Channel, ContactIdentityKind, Provider } from '@tributary/contracts';

/** Channels a generated provider can carry: a voice message needs call details the template cannot know. */
export type TextChannel = Exclude<Channel, 'voice'>;

/** Who writes on each channel: the identity kind a generated normalizer reads and a sender answers. */
const IDENTITY_KINDS: Readonly<Record<TextChannel, ContactIdentityKind>> = {
  email: 'email',
  sms: 'phone',
  chat: 'chat-user',
  whatsapp: 'whatsapp',
  telegram: 'telegram',
  messenger: 'messenger',
  instagram: 'instagram',
};

/** Every spelling of one provider the templates need, derived once so the files agree. */
export interface ProviderNames {
  /** The channel library's folder name, e.g. `social`. */
  readonly lib: string;
  readonly provider: Provider;
  readonly channel: TextChannel;
  readonly identityKind: ContactIdentityKind;
  /** `WhatsappCloud` for `whatsapp-cloud`: classes. */
  readonly pascal: string;
  /** `whatsappCloud`: values. */
  readonly camel: string;
  /** `WHATSAPP_CLOUD`: environment variables and constants. */
  readonly constant: string;
  /** The library's registry array, e.g. `SOCIAL_PROVIDERS`: named per library so an app importing two does not alias. */
  readonly registry: string;
}

export function providerNames(lib: string, provider: Provider, channel: TextChannel): ProviderNames {
  const words = provider.split('-');
  const pascal = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return {
    lib,
    provider,
    channel,
    identityKind: IDENTITY_KINDS[channel],
    pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    constant: words.join('_').toUpperCase(),
    registry: `${lib.split('-').join('_').toUpperCase()}_PROVIDERS`,
  };
}
