import { secretValues } from '@tributary/platform-config';
import { z } from 'zod';
import { resolveTelegramBots } from './telegram-bots.util';
import { telegramConfigShape } from './telegram-config.schema';

const schema = z.object(telegramConfigShape);
const ACME_TOKEN = '7012345678:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0';
const GLOBEX_TOKEN = '6000000001:AAGlobexGlobexGlobexGlobexGlobex00';
const ACME_SECRET = '7012345678_acme-secret-token-000000000001';
const GLOBEX_SECRET = '6000000001_globex-secret-token-00000000001';

const env = (overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> => ({
  TELEGRAM_BOTS: JSON.stringify({ acme_support_bot: { tenantId: 'acme', botId: '7012345678' }, '6000000001': { tenantId: 'globex' } }),
  TELEGRAM_BOT_TOKENS: `${ACME_TOKEN}, ${GLOBEX_TOKEN}`,
  TELEGRAM_WEBHOOK_SECRET_TOKENS: `${GLOBEX_SECRET},${ACME_SECRET}`,
  TELEGRAM_WEBHOOK_BASE_URL: 'https://social.example.com/',
  ...overrides,
});

describe('Telegram configuration', () => {
  it('resolves each bot with its own token and secrets, matched by bot id in any order', () => {
    const config = schema.parse(env());
    const { bots, problems } = resolveTelegramBots(config);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ TELEGRAM_MODE: 'webhook', TELEGRAM_API_ROOT: 'https://api.telegram.org', TELEGRAM_WEBHOOK_BASE_URL: 'https://social.example.com' });
    const acme = bots.get('acme_support_bot');
    expect({ botId: acme?.botId, tenantId: acme?.tenantId, token: acme?.token(), secrets: acme?.secretTokens() }).toEqual({
      botId: '7012345678',
      tenantId: 'acme',
      token: ACME_TOKEN,
      secrets: [ACME_SECRET],
    });
    expect(bots.get('6000000001')?.token()).toBe(GLOBEX_TOKEN);
    // Printing a bot prints no secret.
    expect(JSON.stringify([...bots.values()])).not.toContain('AAH');
  });

  it('marks tokens and secrets secret, each entry of the lists masked on its own', () => {
    const masked = secretValues(schema, env());
    for (const value of [ACME_TOKEN, GLOBEX_TOKEN, ACME_SECRET, GLOBEX_SECRET]) expect(masked).toContain(value);
  });

  it('names the variable of every disagreement, never a secret', () => {
    const config = schema.parse(
      env({
        TELEGRAM_BOTS: JSON.stringify({ acme_support_bot: { tenantId: 'acme' }, '6000000001': { tenantId: 'globex' }, '5000000009': { tenantId: 'initech' } }),
        TELEGRAM_WEBHOOK_BASE_URL: undefined,
      }),
    );
    const { problems } = resolveTelegramBots(config);
    expect(problems.map((problem) => problem.variable).sort()).toEqual(
      ['TELEGRAM_BOTS', 'TELEGRAM_BOT_TOKENS', 'TELEGRAM_BOT_TOKENS', 'TELEGRAM_WEBHOOK_BASE_URL', 'TELEGRAM_WEBHOOK_SECRET_TOKENS', 'TELEGRAM_WEBHOOK_SECRET_TOKENS'].sort(),
    );
    expect(JSON.stringify(problems)).not.toContain('AAH');
    expect(resolveTelegramBots(schema.parse(env({ TELEGRAM_MODE: 'polling', TELEGRAM_WEBHOOK_SECRET_TOKENS: undefined, TELEGRAM_WEBHOOK_BASE_URL: undefined }))).problems).toEqual([]);
  });

  it('refuses a malformed token or secret without repeating it', () => {
    const result = schema.safeParse(env({ TELEGRAM_BOT_TOKENS: 'not-a-token-value', TELEGRAM_WEBHOOK_SECRET_TOKENS: '7012345678_short' }));
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).not.toContain('not-a-token-value');
    expect(result.error?.issues.map((issue) => issue.path[0])).toEqual(['TELEGRAM_BOT_TOKENS', 'TELEGRAM_WEBHOOK_SECRET_TOKENS']);
  });
});
