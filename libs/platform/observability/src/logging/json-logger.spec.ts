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

  it('masks long secret values wherever they appear, including inside errors and fields', () => {
    const { logger, raw } = capture('info', ['postgres://app:correct-horse-battery@db/app', 'correct-horse-battery', 'twilio-token-0123456789abcdef']);
    logger.error(new Error('connect failed for postgres://app:correct-horse-battery@db/app'));
    logger.event('warn', 'Db', 'retrying', { password: 'correct-horse-battery', nested: { url: 'x correct-horse-battery y' }, quoted: 'token "twilio-token-0123456789abcdef"' });
    const output = raw.join('');
    expect(output).not.toContain('correct-horse-battery');
    expect(output).not.toContain('twilio-token-0123456789abcdef');
    expect(output).toContain('[redacted]');
  });

  it('leaves words that merely contain a short secret alone: topic and group names stay readable', () => {
    // The local stack's database password is `tributary`, the prefix of every topic and group.
    const { logger, lines, raw } = capture('info', ['postgres://tributary:tributary@127.0.0.1:15432/tributary_router', 'tributary']);
    logger.event('info', 'Kafka', 'subscribed', { topic: 'tributary.inbound.v1', groupId: 'tributary-router', database: 'tributary_router_test' });
    expect(lines.at(-1)).toMatchObject({ topic: 'tributary.inbound.v1', groupId: 'tributary-router', database: 'tributary_router_test' });
    expect(raw.join('')).not.toContain('[redacted].inbound');
  });

  it('masks a short secret where it is the secret: a password in any URL, and a field that holds it whole', () => {
    const { logger, raw } = capture('info', ['postgres://tributary:tributary@127.0.0.1:15432/tributary', 'tributary']);
    logger.event('warn', 'Db', 'retrying', {
      url: 'postgres://tributary:tributary@127.0.0.1:15432/tributary',
      other: 'postgres://tributary:tributary@db.internal:5432/tributary_router?sslmode=require',
      password: 'tributary',
    });
    const output = raw.at(-1) ?? '';
    expect(output).toContain('"url":"[redacted]"');
    expect(output).toContain('"other":"postgres://tributary:[redacted]@db.internal:5432/tributary_router?sslmode=require"');
    expect(output).toContain('"password":"[redacted]"');
  });

  it('masks the password of any URL with credentials, declared secret or not', () => {
    const { logger, raw } = capture();
    logger.event('error', 'Smtp', 'relay refused', { relay: 'smtp://mailer:p%40ss@relay.example:587', error: new Error('amqp://guest:guest@mq failed') });
    const output = raw.join('');
    expect(output).toContain('smtp://mailer:[redacted]@relay.example:587');
    expect(output).toContain('amqp://guest:[redacted]@mq failed');
    expect(output).not.toContain('p%40ss');
  });

  it('warns once at start about secrets too short to be masked inside text, without showing them', () => {
    const { lines, raw } = capture('info', ['tributary', 'a-long-enough-secret-value']);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', context: 'JsonLogger', weakSecretValues: 1, minimumLength: 12 }),
    ]);
    expect(raw.join('')).not.toContain('tributary');
    expect(capture('info', ['a-long-enough-secret-value']).lines).toEqual([]);
  });

  it('keeps the stack Nest passes with an error', () => {
    const { logger, lines } = capture();
    logger.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'boom', stack: 'Error: boom\n    at x', context: 'ExceptionsHandler' });
  });
});
