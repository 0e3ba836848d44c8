import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHANNELS, PROVIDERS, type Channel, type Provider } from '@tributary/contracts';
import { GeneratorUsageError } from './generator-usage.error';
import type { TextChannel } from './provider-names';

/** What to generate, checked: every path exists or must not, before anything is written. */
export interface NewProviderOptions {
  readonly channelsDir: string;
  readonly lib: string;
  readonly provider: Provider;
  readonly channel: TextChannel;
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Reads the command line; undefined means help was asked for. Throws GeneratorUsageError naming what is wrong. */
export function parseNewProviderArgs(argv: readonly string[], repoRoot: string): NewProviderOptions | undefined {
  const { values, positionals } = readArgs(argv);
  if (values.help === true) return undefined;
  const [lib, provider, ...extra] = positionals;
  if (lib === undefined || provider === undefined || extra.length > 0) {
    throw new GeneratorUsageError(`expected <channel-lib> and <provider>, got ${positionals.length} argument(s)`);
  }
  if (!KEBAB.test(lib)) throw new GeneratorUsageError(`"${lib}" is not a library folder name: lower-case kebab-case, e.g. social`);
  if (!isProvider(provider)) {
    throw new GeneratorUsageError(
      `"${provider}" is not a provider InboundMessage v1 knows (${PROVIDERS.join(', ')}); add it to PROVIDERS in libs/contracts/src/channel.ts first`,
    );
  }
  const channel = values.channel ?? (isChannel(lib) ? lib : undefined);
  if (channel === undefined) throw new GeneratorUsageError(`"${lib}" is not a channel's name: pass --channel <channel> (${CHANNELS.join(', ')})`);
  if (!isChannel(channel)) throw new GeneratorUsageError(`--channel "${channel}" is not a channel (${CHANNELS.join(', ')})`);
  if (channel === 'voice') {
    throw new GeneratorUsageError('the voice channel carries call details (InboundMessage v1 `voice`) that the text-message templates do not produce');
  }
  const channelsDir = values['channels-dir'] === undefined ? join(repoRoot, 'libs', 'channels') : resolve(values['channels-dir']);
  const libSrc = join(channelsDir, lib, 'src');
  if (!isDirectory(libSrc)) {
    throw new GeneratorUsageError(`there is no channel library ${lib}: ${relative(repoRoot, libSrc) || libSrc} is not a folder (create the library first)`);
  }
  if (!isChannelLibrary(join(channelsDir, lib))) {
    throw new GeneratorUsageError(`${lib} is not a channel library: its project.json has no type:channel tag (the kit knows no provider)`);
  }
  const folder = join(libSrc, provider);
  if (existsSync(folder)) throw new GeneratorUsageError(`refusing to overwrite ${relative(repoRoot, folder)}: the folder exists`);
  return { channelsDir, lib, provider, channel };
}

function readArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { channel: { type: 'string' }, 'channels-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    // parseArgs names the unknown option or the missing value; the usage line follows in the CLI.
    throw new GeneratorUsageError(error instanceof Error ? error.message : String(error));
  }
}

function isProvider(value: string): value is Provider {
  return (PROVIDERS as readonly string[]).includes(value);
}

function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

/** A library with a project.json must be tagged a channel one; a scratch copy without one is taken as it is. */
function isChannelLibrary(libDir: string): boolean {
  const projectJson = join(libDir, 'project.json');
  if (!existsSync(projectJson)) return true;
  const { tags } = JSON.parse(readFileSync(projectJson, 'utf8')) as { tags?: unknown };
  return Array.isArray(tags) && tags.includes('type:channel');
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
