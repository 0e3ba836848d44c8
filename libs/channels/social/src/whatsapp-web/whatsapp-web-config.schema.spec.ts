import { z } from 'zod';
import { whatsappWebConfigShape } from './whatsapp-web-config.schema';

const schema = z.object(whatsappWebConfigShape);

describe('whatsappWebConfigShape', () => {
  it('reads the numbers and defaults to Debian\'s chromium', () => {
    const config = schema.parse({ WHATSAPP_WEB_NUMBERS: '{"+4915112345678": {"tenantId": "acme"}}', WHATSAPP_WEB_AUTH_DIR: '/var/lib/tributary/wweb' });
    expect(config.WHATSAPP_WEB_NUMBERS).toEqual({ '+4915112345678': { tenantId: 'acme' } });
    expect(config.WHATSAPP_WEB_CHROMIUM_PATH).toBe('/usr/bin/chromium');
    expect(config.WHATSAPP_WEB_RECONNECT_INITIAL_MS).toBe(2_000);
    expect(config.WHATSAPP_WEB_RECONNECT_MAX_MS).toBe(120_000);
    expect(config.WHATSAPP_WEB_PENDING_POLL_MS).toBe(1_000);
  });

  it.each([
    ['not JSON', 'nope', /JSON object/],
    ['a number not in E.164', '{"015112345678": {"tenantId": "acme"}}', /E\.164/],
    ['no numbers', '{}', /at least one number/],
  ])('refuses WHATSAPP_WEB_NUMBERS that is %s', (_what, value, message) => {
    const result = schema.safeParse({ WHATSAPP_WEB_NUMBERS: value });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(message);
  });
});
