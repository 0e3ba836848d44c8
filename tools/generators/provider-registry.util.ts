import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GeneratorUsageError } from './generator-usage.error';
import type { ProviderNames } from './provider-names';
import { providersRegistryTemplate } from './templates/providers-registry.template';

/** One file the generator writes whole: a new one, or an existing one with lines added. */
export interface FileEdit {
  readonly path: string;
  readonly content: string;
  readonly created: boolean;
}

const REGISTRY_ARRAY = /^export const \w+: readonly ChannelProvider\[\] = \[$/m;
const IMPORT_LINE = /^import .*;$/gm;

/**
 * What registers a provider in its library: src/providers.ts written with it (and exported from
 * src/index.ts) for the first provider, or one import and one entry added to the registry array.
 * Computed before anything is written, so a registry it cannot read stops the generator cleanly.
 */
export function registryEdits(libSrc: string, n: ProviderNames): FileEdit[] {
  const registryPath = join(libSrc, 'providers.ts');
  if (!existsSync(registryPath)) return firstRegistration(libSrc, registryPath, n);
  const source = readFileSync(registryPath, 'utf8');
  const entry = providersRegistryTemplate.entryLine(n);
  if (source.includes(`${n.camel}Provider`)) throw new GeneratorUsageError(`${registryPath} already registers ${n.camel}Provider`);
  const array = REGISTRY_ARRAY.exec(source);
  const arrayEnd = array ? source.indexOf('\n];', array.index) : -1;
  if (!array || arrayEnd < 0) {
    throw new GeneratorUsageError(`${registryPath} has no \`export const …: readonly ChannelProvider[] = [\` … \`];\` to add ${n.camel}Provider to`);
  }
  const withEntry = `${source.slice(0, arrayEnd)}\n${entry}${source.slice(arrayEnd)}`;
  const imports = [...withEntry.slice(0, array.index).matchAll(IMPORT_LINE)];
  const last = imports[imports.length - 1];
  const importAt = last ? last.index + last[0].length + 1 : 0;
  const content = `${withEntry.slice(0, importAt)}${providersRegistryTemplate.importLine(n)}\n${withEntry.slice(importAt)}`;
  return [{ path: registryPath, content, created: false }];
}

function firstRegistration(libSrc: string, registryPath: string, n: ProviderNames): FileEdit[] {
  const indexPath = join(libSrc, 'index.ts');
  const exportLine = `export { ${n.registry} } from './providers';\n`;
  const index = existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : undefined;
  const registry: FileEdit = { path: registryPath, content: providersRegistryTemplate.file(n), created: true };
  if (index === undefined) return [registry, { path: indexPath, content: exportLine, created: true }];
  const separator = index === '' || index.endsWith('\n') ? '' : '\n';
  return [registry, { path: indexPath, content: `${index}${separator}${exportLine}`, created: false }];
}
