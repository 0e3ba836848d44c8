import type { ProviderNames } from '../provider-names';

const importLine = (n: ProviderNames): string => `import { ${n.camel}Provider } from './${n.provider}/${n.provider}.provider';`;
const entryLine = (n: ProviderNames): string => `  ${n.camel}Provider,`;

/**
 * `src/providers.ts`, a library's provider registry: the whole file, written with its first provider,
 * and the two lines (import, entry) the generator adds to an existing one.
 */
export const providersRegistryTemplate = {
  importLine,
  entryLine,
  file: (n: ProviderNames): string => `import type { ChannelProvider } from '@tributary/channel-kit';
${importLine(n)}

/** Every provider of this library, for its ingest app to wire; tools/generators/new-provider.cli.ts adds one line per provider. */
export const ${n.registry}: readonly ChannelProvider[] = [
${entryLine(n)}
];
`,
};
