import { relative, resolve } from 'node:path';
import { CHANNELS, PROVIDERS } from '@tributary/contracts';
import { GeneratorUsageError } from './generator-usage.error';
import { generateProvider } from './new-provider.generator';
import { parseNewProviderArgs } from './new-provider-options';

const ROOT = resolve(__dirname, '..', '..');

const HELP = `usage: node tools/run.js tools/generators/new-provider.cli.ts <channel-lib> <provider> [--channel <channel>]

Writes a new provider folder into a channel library, libs/channels/<channel-lib>/src/<provider>/:
a webhook verifier, its payload schema, a normalizer to InboundMessage v1, a reply sender, a
delivery-callback mapper, its configuration, a local emulation of the provider's API and a spec
that passes as generated; and registers it with one line in the library's src/providers.ts
(created, and exported from src/index.ts, for the library's first provider). It never overwrites.

  <channel-lib>         an existing library folder under libs/channels, e.g. social
  <provider>            the provider, one of InboundMessage v1's: ${PROVIDERS.join(', ')}
                        (a new one is first added to PROVIDERS in libs/contracts/src/channel.ts)
  --channel <channel>   the channel it carries: ${CHANNELS.filter((channel) => channel !== 'voice').join(', ')};
                        defaults to <channel-lib> when that is a channel's name
  --channels-dir <dir>  where the channel libraries are (default libs/channels; tests use a scratch copy)
  -h, --help            this text
`;

function main(argv: readonly string[]): number {
  try {
    const options = parseNewProviderArgs(argv, ROOT);
    if (!options) {
      process.stdout.write(HELP);
      return 0;
    }
    const { created, changed } = generateProvider(options);
    const shown = (path: string): string => relative(process.cwd(), path);
    process.stdout.write(
      [
        ...created.map((path) => `created  ${shown(path)}`),
        ...changed.map((path) => `changed  ${shown(path)}`),
        '',
        `Next: shape ${options.provider}-payload.schema.ts, the signature and the API calls after ${options.provider}'s documentation,`,
        `keeping ${options.provider}.emulator.ts in step, then run the library's lint, typecheck and test targets.`,
        '',
      ].join('\n'),
    );
    return 0;
  } catch (error) {
    if (!(error instanceof GeneratorUsageError)) throw error;
    process.stderr.write(`new-provider: ${error.message}\nRun with --help for the usage.\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
