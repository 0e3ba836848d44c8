import { parseWebhookBenchArgs, SMOKE_OPTIONS, WebhookBenchUsageError } from './webhook-bench.options';

describe('parseWebhookBenchArgs', () => {
  it('benchmarks WhatsApp at 500/s for 30 s by default', () => {
    expect(parseWebhookBenchArgs([])).toMatchObject({ providers: ['whatsapp'], rate: 500, seconds: 30, warmupSeconds: 2 });
  });

  it('takes one provider, a list of them, or all in their fixed order', () => {
    expect(parseWebhookBenchArgs(['--provider', 'telegram']).providers).toEqual(['telegram']);
    expect(parseWebhookBenchArgs(['--provider=instagram,messenger,instagram']).providers).toEqual(['instagram', 'messenger']);
    expect(parseWebhookBenchArgs(['--provider', 'all']).providers).toEqual(['whatsapp', 'telegram', 'messenger', 'instagram']);
  });

  it('keeps the provider with --smoke, whose figures are the smoke run', () => {
    expect(parseWebhookBenchArgs(['--smoke', '--provider', 'messenger'])).toEqual({ ...SMOKE_OPTIONS, providers: ['messenger'] });
  });

  it.each([[['--provider', 'whatsapp-web']], [['--provider', '']], [['--provider', 'all,telegram']], [['--provider']], [['--rate', '0']]])('refuses %j', (argv) => {
    expect(() => parseWebhookBenchArgs(argv)).toThrow(WebhookBenchUsageError);
  });
});
