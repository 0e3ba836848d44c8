import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NewProviderOptions } from './new-provider-options';
import { providerNames } from './provider-names';
import { registryEdits } from './provider-registry.util';
import { providerFiles } from './templates/provider-files';

/** What the generator wrote, as absolute paths. */
export interface GeneratedProvider {
  readonly created: readonly string[];
  readonly changed: readonly string[];
}

/** Writes the provider folder and registers it; never overwrites a file it did not write itself. */
export function generateProvider(options: NewProviderOptions): GeneratedProvider {
  const n = providerNames(options.lib, options.provider, options.channel);
  const libSrc = join(options.channelsDir, options.lib, 'src');
  const folder = join(libSrc, options.provider);
  const edits = registryEdits(libSrc, n);
  // Not recursive: a folder that appeared since the options were checked stops the run here.
  mkdirSync(folder);
  const created: string[] = [];
  for (const [name, content] of providerFiles(n)) {
    const path = join(folder, name);
    writeFileSync(path, content, { flag: 'wx' });
    created.push(path);
  }
  const changed: string[] = [];
  for (const edit of edits) {
    writeFileSync(edit.path, edit.content, { flag: edit.created ? 'wx' : 'w' });
    (edit.created ? created : changed).push(edit.path);
  }
  return { created, changed };
}
