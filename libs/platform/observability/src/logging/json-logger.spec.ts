import { JsonLogger } from './json-logger';

function capture(level: 'debug' | 'info' = 'info', secrets: string[] = []) {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = new JsonLogger({
    app: 'router',
    level,
    secrets,
    write: (line) => {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines, raw };
}

describe('JsonLogger', () => {
  it('writes one JSON object per line with app, level, context and message', () => {
    const { logger, lines } = capture();
    logger.log('Nest application successfully started', 'NestApplication');
    expect(lines[0]).toMatchObject({ app: 'router', level: 'info', context: 'NestApplication', msg: 'Nest application successfully started' });
    expect(typeof lines[0]?.['time']).toBe('string');
  });

  it('drops entries below the configured level', () => {
    const { logger, lines } = capture('info');
    logger.debug('noisy detail');
    logger.event('debug', 'Kafka', 'fetch');
    expect(lines).toHaveLength(0);
  });

  it('masks secret values wherever they appear, including inside errors and fields', () => {
    const { logger, raw } = capture('info', ['postgres://app:hunter22@db/app', 'hunter22']);
    logger.error(new Error('connect failed for postgres://app:hunter22@db/app'));
    logger.event('warn', 'Db', 'retrying', { password: 'hunter22', nested: { url: 'x hunter22 y' } });
    const output = raw.join('');
    expect(output).not.toContain('hunter22');
    expect(output).toContain('[redacted]');
  });

  it('keeps the stack Nest passes with an error', () => {
    const { logger, lines } = capture();
    logger.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'boom', stack: 'Error: boom\n    at x', context: 'ExceptionsHandler' });
  });
});
