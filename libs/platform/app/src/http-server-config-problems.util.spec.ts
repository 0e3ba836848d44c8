import { baseConfigSchema, loadConfig } from '@tributary/platform-config';
import { httpServerConfigProblems } from './http-server-config-problems.util';

const config = (env: NodeJS.ProcessEnv) => loadConfig(baseConfigSchema, { KAFKA_BROKERS: 'k:9092', ...env });

describe('shared HTTP server variables', () => {
  it('defaults to deadlines that cut a dribbling client off within seconds', () => {
    expect(config({})).toMatchObject({ HTTP_HEADERS_TIMEOUT_MS: 10_000, HTTP_REQUEST_TIMEOUT_MS: 30_000, HTTP_KEEP_ALIVE_TIMEOUT_MS: 65_000, HTTP_BODY_LIMIT_BYTES: 102_400 });
    expect(httpServerConfigProblems(config({}))).toEqual([]);
  });

  it('refuses a headers deadline beyond the request deadline, naming the variable', () => {
    expect(httpServerConfigProblems(config({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '4000' }))).toEqual([
      { variable: 'HTTP_HEADERS_TIMEOUT_MS', message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS (4000)' },
    ]);
  });
});
