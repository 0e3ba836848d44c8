import { z } from 'zod';
import { baseConfigSchema, databaseConfigShape } from './common-config.schema';
import { ConfigError } from './config.error';
import { loadConfig } from './load-config.util';
import { secretValues } from './secret.util';

const routerLike = z.object({ ...baseConfigSchema.shape, ...databaseConfigShape });

describe('loadConfig', () => {
  it('applies defaults and parses broker lists', () => {
    const config = loadConfig(baseConfigSchema, { KAFKA_BROKERS: '127.0.0.1:9092, kafka-2:9092' });
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', 'kafka-2:9092']);
    expect(config.HTTP_PORT).toBe(3000);
    expect(config.KAFKA_SSL).toBe(false);
  });

  it('names a missing required variable', () => {
    expect(() => loadConfig(routerLike, { KAFKA_BROKERS: 'k:9092' })).toThrow(/DATABASE_URL: is required \(PostgreSQL connection URL/);
  });

  it('names every invalid variable at once', () => {
    try {
      loadConfig(baseConfigSchema, { KAFKA_BROKERS: 'no-port', HTTP_PORT: '70000', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((problem) => problem.variable).sort()).toEqual(['HTTP_PORT', 'KAFKA_BROKERS', 'LOG_LEVEL']);
    }
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig(baseConfigSchema, { KAFKA_BROKERS: 'k:9092', HTTP_PORT: '' }).HTTP_PORT).toBe(3000);
  });

  it('rejects a database URL of another scheme', () => {
    expect(() => loadConfig(routerLike, { KAFKA_BROKERS: 'k:9092', DATABASE_URL: 'mysql://u:p@h/db' })).toThrow(/DATABASE_URL/);
  });
});

describe('secretValues', () => {
  it('lists secret values and the password inside a URL, never public ones', () => {
    const env = { KAFKA_BROKERS: 'k:9092', DATABASE_URL: 'postgres://app:s3cr%3Dt@db:5432/app', KAFKA_SASL_PASSWORD: 'hunter2' };
    const values = secretValues(routerLike, env);
    expect(values).toEqual(expect.arrayContaining(['postgres://app:s3cr%3Dt@db:5432/app', 's3cr=t', 'hunter2']));
    expect(values).not.toContain('k:9092');
  });

  it('lists each value of a JSON object of secrets, which leak one at a time', () => {
    const values = secretValues(routerLike, { KAFKA_SASL_PASSWORD: '{"1111":"token-of-page-one-0123","2222":"token-of-page-two-4567"}' });
    expect(values).toEqual(expect.arrayContaining(['token-of-page-one-0123', 'token-of-page-two-4567']));
  });

  it('lists each entry of a comma-separated list of secrets, which leak one at a time', () => {
    const values = secretValues(routerLike, { KAFKA_SASL_PASSWORD: 'old-secret-0123, new-secret-4567' });
    expect(values).toEqual(expect.arrayContaining(['old-secret-0123', 'new-secret-4567']));
  });
});
