import { ConfigError } from '@tributary/platform-config';
import { z } from 'zod';
import type { AppDefinition } from './app-definition';
import { fullConfigSchema, loadAppConfig } from './create-app';

const definition: AppDefinition<z.ZodObject<{ IMAP_HOST: z.ZodString }>> = {
  name: 'sample',
  summary: 'a sample app',
  configSchema: z.object({ IMAP_HOST: z.string().min(1).describe('IMAP server host') }),
  module: () => ({ module: class SampleModule {} }),
};

describe('app configuration', () => {
  it('adds the shared variables to the app’s own', () => {
    expect(Object.keys(fullConfigSchema(definition).shape)).toEqual(expect.arrayContaining(['KAFKA_BROKERS', 'HTTP_PORT', 'LOG_LEVEL', 'IMAP_HOST']));
  });

  it('loads shared and own variables together', () => {
    const config = loadAppConfig(definition, { KAFKA_BROKERS: 'k:9092', IMAP_HOST: 'imap.example', HTTP_PORT: '8080' });
    expect(config).toMatchObject({ KAFKA_BROKERS: ['k:9092'], IMAP_HOST: 'imap.example', HTTP_PORT: 8080 });
  });

  it('names a missing variable of the app and of the shared set', () => {
    expect(() => loadAppConfig(definition, {})).toThrow(ConfigError);
    expect(() => loadAppConfig(definition, {})).toThrow(/KAFKA_BROKERS: is required[\s\S]*IMAP_HOST: is required \(IMAP server host\)/);
  });

  it('refuses a config that breaks a rule across variables, naming the variable', () => {
    const withRule: typeof definition = {
      ...definition,
      configProblems: (config) => (config.IMAP_HOST === 'localhost' && config.HTTP_PORT === 143 ? [{ variable: 'HTTP_PORT', message: 'collides with IMAP' }] : []),
    };
    expect(() => loadAppConfig(withRule, { KAFKA_BROKERS: 'k:9092', IMAP_HOST: 'localhost', HTTP_PORT: '143' })).toThrow(/HTTP_PORT: collides with IMAP/);
    expect(loadAppConfig(withRule, { KAFKA_BROKERS: 'k:9092', IMAP_HOST: 'localhost', HTTP_PORT: '8080' }).HTTP_PORT).toBe(8080);
  });

  it('refuses an app schema with a refinement, which the bootstrap could never check', () => {
    const refined: typeof definition = { ...definition, configSchema: definition.configSchema.superRefine(() => undefined) };
    expect(() => fullConfigSchema(refined)).toThrow(/configProblems/);
  });
});
