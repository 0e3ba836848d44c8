import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeneratorUsageError } from './generator-usage.error';
import { generateProvider } from './new-provider.generator';

describe('generateProvider', () => {
  let channelsDir: string;
  let src: string;
  const read = (name: string) => readFileSync(join(src, name), 'utf8');

  beforeEach(() => {
    channelsDir = join(mkdtempSync(join(tmpdir(), 'tributary-generator-')), 'libs', 'channels');
    src = join(channelsDir, 'social', 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'index.ts'), "export { SocialThing } from './social-thing';");
  });

  afterEach(() => rmSync(join(channelsDir, '..', '..'), { recursive: true, force: true }));

  it('writes one folder of small files with role suffixes, the registry, and its export', () => {
    const { created, changed } = generateProvider({ channelsDir, lib: 'social', provider: 'meta', channel: 'messenger' });
    expect(readdirSync(join(src, 'meta')).sort()).toEqual([
      'meta-config.schema.ts',
      'meta-delivery-callback.mapper.ts',
      'meta-payload.schema.ts',
      'meta-reply.sender.ts',
      'meta-signature.util.ts',
      'meta-webhook.verifier.ts',
      'meta.emulator.ts',
      'meta.normalizer.ts',
      'meta.provider.spec.ts',
      'meta.provider.ts',
    ]);
    expect(created).toHaveLength(11);
    expect(changed).toEqual([join(src, 'index.ts')]);
    expect(read('index.ts')).toBe("export { SocialThing } from './social-thing';\nexport { SOCIAL_PROVIDERS } from './providers';\n");
    expect(read('providers.ts')).toContain("import { metaProvider } from './meta/meta.provider';");
    expect(read('providers.ts')).toContain('export const SOCIAL_PROVIDERS: readonly ChannelProvider[] = [\n  metaProvider,\n];');
    for (const path of created) expect(readFileSync(path, 'utf8').split('\n').length).toBeLessThan(250);
  });

  it('registers a further provider with one import and one entry, leaving the rest as it was', () => {
    generateProvider({ channelsDir, lib: 'social', provider: 'meta', channel: 'messenger' });
    const [registry, index] = [read('providers.ts'), read('index.ts')];
    const { changed } = generateProvider({ channelsDir, lib: 'social', provider: 'whatsapp-cloud', channel: 'whatsapp' });
    expect(changed).toEqual([join(src, 'providers.ts')]);
    expect(read('index.ts')).toBe(index);
    const added = read('providers.ts').split('\n').filter((line) => !registry.split('\n').includes(line));
    expect(added).toEqual(["import { whatsappCloudProvider } from './whatsapp-cloud/whatsapp-cloud.provider';", '  whatsappCloudProvider,']);
    expect(read('providers.ts')).toMatch(/= \[\n {2}metaProvider,\n {2}whatsappCloudProvider,\n\];/);
  });

  it('writes nothing when the provider is registered already', () => {
    generateProvider({ channelsDir, lib: 'social', provider: 'meta', channel: 'messenger' });
    rmSync(join(src, 'meta'), { recursive: true });
    expect(() => generateProvider({ channelsDir, lib: 'social', provider: 'meta', channel: 'messenger' })).toThrow(/already registers metaProvider/);
    expect(existsSync(join(src, 'meta'))).toBe(false);
  });

  it('writes nothing when the registry has no array it can add to', () => {
    writeFileSync(join(src, 'providers.ts'), 'export const SOCIAL_PROVIDERS = [];\n');
    expect(() => generateProvider({ channelsDir, lib: 'social', provider: 'meta', channel: 'messenger' })).toThrow(GeneratorUsageError);
    expect(existsSync(join(src, 'meta'))).toBe(false);
  });

  it('never overwrites a provider folder', () => {
    mkdirSync(join(src, 'meta'));
    expect(() => generateProvider({ channelsDir, lib: 'social', provider: 'meta', channel: 'messenger' })).toThrow(/EEXIST/);
    expect(readdirSync(join(src, 'meta'))).toEqual([]);
  });
});
