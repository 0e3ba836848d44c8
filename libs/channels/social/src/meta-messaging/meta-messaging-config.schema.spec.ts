import { secretValues } from '@tributary/platform-config';
import { JsonLogger } from '@tributary/platform-observability';
import { z } from 'zod';
import { metaMessagingConfigProblems, metaMessagingConfigShape } from './meta-messaging-config.schema';

const schema = z.object(metaMessagingConfigShape);
const PAGE_TOKEN = `EAAGm0PX4ZCpsBA${'x'.repeat(40)}`;
const IG_TOKEN = `EAAGm0PX4ZCpsBB${'y'.repeat(40)}`;

function env(changes: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    META_PAGES: JSON.stringify({ '104512345678901': { tenantId: 'acme', channel: 'messenger', humanAgentTag: true }, '17841400000000001': { tenantId: 'acme', channel: 'instagram' } }),
    META_PAGE_TOKENS: JSON.stringify({ '104512345678901': PAGE_TOKEN, '17841400000000001': IG_TOKEN }),
    META_APP_SECRETS: 'meta-app-secret-0123456789abcdef,meta-app-secret-fedcba9876543210',
    META_VERIFY_TOKEN: 'verify-token-0123456789',
    META_WEBHOOK_BASE_URL: 'https://social.example.com/',
    ...changes,
  };
}

describe('Meta messaging configuration', () => {
  it('reads pages with their channel and Human Agent feature, tokens by page, secrets and the defaults', () => {
    const config = schema.parse(env());
    expect(config.META_PAGES?.['104512345678901']).toEqual({ tenantId: 'acme', channel: 'messenger', humanAgentTag: true });
    expect(config.META_PAGES?.['17841400000000001']).toEqual({ tenantId: 'acme', channel: 'instagram', humanAgentTag: false });
    expect(config.META_APP_SECRETS).toHaveLength(2);
    expect(config.META_WEBHOOK_BASE_URL).toBe('https://social.example.com');
    expect([config.META_GRAPH_BASE_URL, config.META_API_VERSION]).toEqual(['https://graph.facebook.com', 'v23.0']);
    expect(config.META_MEDIA_HOSTS).toEqual(['*.fbcdn.net', 'lookaside.fbsbx.com', '*.cdninstagram.com']);
    expect(metaMessagingConfigProblems(config)).toEqual([]);
  });

  it('names a page without a token and a token without a page, never a token', () => {
    const config = schema.parse(env({ META_PAGE_TOKENS: JSON.stringify({ '104512345678901': PAGE_TOKEN, '999': IG_TOKEN }) }));
    const problems = metaMessagingConfigProblems(config);
    expect(problems).toEqual(['META_PAGE_TOKENS: no token for 17841400000000001 of META_PAGES', 'META_PAGE_TOKENS: 999 is not in META_PAGES']);
    expect(problems.join()).not.toContain(IG_TOKEN);
  });

  it('refuses a bad channel, a non-numeric page id and a malformed token without repeating the token', () => {
    const refused = schema.safeParse(env({ META_PAGES: JSON.stringify({ abc: { tenantId: 'acme', channel: 'whatsapp' } }), META_PAGE_TOKENS: '{"1": "short token"}' }));
    expect(refused.success).toBe(false);
    const text = JSON.stringify(refused.error?.issues);
    expect(text).toMatch(/META_PAGES/);
    expect(text).toMatch(/META_PAGE_TOKENS/);
    expect(text).not.toContain('short token');
  });

  it('is masked by the platform whole and token by token, so a page token never reaches a log line', () => {
    const masked = secretValues(schema, env());
    expect(masked).toContain(env()['META_PAGE_TOKENS']);
    expect(masked).toContain('meta-app-secret-0123456789abcdef');
    const logged = (secrets: readonly string[], message: string): string => {
      const lines: string[] = [];
      new JsonLogger({ app: 'social-ingest', level: 'info', secrets, write: (line) => lines.push(line) }).event('info', 'Spec', message);
      return lines.join('');
    };
    expect(logged(masked, `config ${env()['META_PAGE_TOKENS'] ?? ''}`)).not.toContain(PAGE_TOKEN);
    const bare = logged(masked, `token ${PAGE_TOKEN} and ${IG_TOKEN}`);
    expect(bare).not.toContain(PAGE_TOKEN);
    expect(bare).not.toContain(IG_TOKEN);
  });
});
