import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GeneratorUsageError } from './generator-usage.error';
import { parseNewProviderArgs } from './new-provider-options';

describe('parseNewProviderArgs', () => {
  let root: string;
  let channelsDir: string;
  const parse = (...argv: string[]) => parseNewProviderArgs([...argv, '--channels-dir', channelsDir], root);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tributary-new-provider-'));
    channelsDir = join(root, 'libs', 'channels');
    mkdirSync(join(channelsDir, 'social', 'src', 'telegram'), { recursive: true });
    mkdirSync(join(channelsDir, 'whatsapp', 'src'), { recursive: true });
    writeFileSync(join(channelsDir, 'whatsapp', 'project.json'), JSON.stringify({ tags: ['scope:social', 'type:channel'] }));
    mkdirSync(join(channelsDir, 'kit', 'src'), { recursive: true });
    writeFileSync(join(channelsDir, 'kit', 'project.json'), JSON.stringify({ tags: ['scope:shared', 'type:channel-kit'] }));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('asks for the usage with --help or -h', () => {
    expect(parseNewProviderArgs(['--help'], root)).toBeUndefined();
    expect(parseNewProviderArgs(['social', 'meta', '-h'], root)).toBeUndefined();
  });

  it('takes the channel from --channel, or from a library named after one', () => {
    expect(parse('social', 'meta', '--channel', 'messenger')).toEqual({ channelsDir, lib: 'social', provider: 'meta', channel: 'messenger' });
    expect(parse('whatsapp', 'whatsapp-cloud')).toEqual({ channelsDir, lib: 'whatsapp', provider: 'whatsapp-cloud', channel: 'whatsapp' });
  });

  it('defaults to libs/channels of the repository', () => {
    expect(() => parseNewProviderArgs(['social', 'meta', '--channel', 'messenger'], root)).not.toThrow();
  });

  it.each([
    [['social'], /expected <channel-lib> and <provider>, got 1/],
    [['social', 'meta', 'extra', '--channel', 'messenger'], /expected <channel-lib> and <provider>, got 3/],
    [['Social', 'meta', '--channel', 'messenger'], /"Social" is not a library folder name/],
    [['social', 'acme-sms', '--channel', 'sms'], /"acme-sms" is not a provider InboundMessage v1 knows .*add it to PROVIDERS in libs\/contracts\/src\/channel\.ts/],
    [['social', 'meta'], /"social" is not a channel's name: pass --channel/],
    [['social', 'meta', '--channel', 'fax'], /--channel "fax" is not a channel/],
    [['social', 'twilio', '--channel', 'voice'], /voice channel carries call details/],
    [['social', 'meta', '--channel', 'messenger', '--force'], /Unknown option '--force'/],
    [['kit', 'telegram', '--channel', 'telegram'], /kit is not a channel library: its project.json has no type:channel tag/],
    [['chat', 'chat'], /there is no channel library chat: .*libs\/channels\/chat\/src is not a folder/],
    [['social', 'telegram', '--channel', 'telegram'], /refusing to overwrite .*libs\/channels\/social\/src\/telegram: the folder exists/],
  ])('refuses %j', (argv, reason) => {
    expect(() => parse(...argv)).toThrow(GeneratorUsageError);
    expect(() => parse(...argv)).toThrow(reason);
  });
});
