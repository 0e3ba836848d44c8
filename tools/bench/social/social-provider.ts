/** The social providers whose webhooks the benchmark posts, in the order `--provider all` runs them. */
export const SOCIAL_PROVIDERS = ['whatsapp', 'telegram', 'messenger', 'instagram'] as const;

export type SocialProvider = (typeof SOCIAL_PROVIDERS)[number];

export function isSocialProvider(name: string): name is SocialProvider {
  return (SOCIAL_PROVIDERS as readonly string[]).includes(name);
}
