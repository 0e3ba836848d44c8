import { ConfigError } from '@tributary/platform-config';
import { loadAppConfig } from '@tributary/platform-app';
import { socialIngestApp } from './social-ingest.app';

const BASE = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://tributary:secret@127.0.0.1:5432/tributary_social', BLOB_STORE_DIR: '.local/test-blobs' };

describe('social-ingest configuration', () => {
  it('starts with WhatsApp off when no numbers are configured', () => {
    expect(loadAppConfig(socialIngestApp, BASE).WHATSAPP_CLOUD_NUMBERS).toBeUndefined();
  });

  it('names every WhatsApp variable still missing once numbers are configured', () => {
    const load = (): unknown => loadAppConfig(socialIngestApp, { ...BASE, WHATSAPP_CLOUD_NUMBERS: '{"106540352242922":{"tenantId":"acme"}}' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/WHATSAPP_CLOUD_ACCESS_TOKEN[\s\S]*WHATSAPP_CLOUD_APP_SECRETS[\s\S]*WHATSAPP_CLOUD_VERIFY_TOKEN[\s\S]*WHATSAPP_CLOUD_WEBHOOK_BASE_URL/);
  });

  it('names what whatsapp-web.js sessions still need once their numbers are configured', () => {
    const load = (): unknown => loadAppConfig(socialIngestApp, { ...BASE, WHATSAPP_WEB_NUMBERS: '{"+4915112345678":{"tenantId":"acme"}}' });
    expect(load).toThrow(/WHATSAPP_WEB_AUTH_DIR[\s\S]*WHATSAPP_WEB_OPERATOR_TOKEN/);
  });

  it('refuses a number whose template name is not one WhatsApp could have approved', () => {
    const numbers = JSON.stringify({ '106540352242922': { tenantId: 'acme', reengagementTemplate: { name: 'Follow Up!', language: 'en_US' } } });
    expect(() => loadAppConfig(socialIngestApp, { ...BASE, WHATSAPP_CLOUD_NUMBERS: numbers })).toThrow(/WHATSAPP_CLOUD_NUMBERS/);
  });

  it('reads every app secret of a rotation', () => {
    const config = loadAppConfig(socialIngestApp, { ...BASE, WHATSAPP_CLOUD_APP_SECRETS: 'old-app-secret-0123456789, new-app-secret-0123456789' });
    expect(config.WHATSAPP_CLOUD_APP_SECRETS).toEqual(['old-app-secret-0123456789', 'new-app-secret-0123456789']);
  });
});
