import { newKafkaClusterId, renderLog4j2Properties, renderServerProperties } from './kafka-config.util';

function parseProperties(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const);
  return new Map(entries);
}

describe('renderServerProperties', () => {
  const properties = parseProperties(renderServerProperties({ brokerPort: 20092, controllerPort: 20093, dataDir: '/x/kafka/data' }));

  it('puts broker and controller on the given loopback ports', () => {
    expect(properties.get('listeners')).toBe('PLAINTEXT://127.0.0.1:20092,CONTROLLER://127.0.0.1:20093');
    expect(properties.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:20092');
    expect(properties.get('controller.quorum.voters')).toBe('1@127.0.0.1:20093');
  });

  it('runs one combined KRaft node storing data in the given folder', () => {
    expect(properties.get('process.roles')).toBe('broker,controller');
    expect(properties.get('node.id')).toBe('1');
    expect(properties.get('log.dirs')).toBe('/x/kafka/data');
  });

  it('sets every internal topic to a replication factor a single broker can satisfy', () => {
    const factors = [...properties].filter(([key]) => key.endsWith('replication.factor') || key.endsWith('min.isr'));
    expect(factors.length).toBeGreaterThanOrEqual(5);
    expect(factors.every(([, value]) => value === '1')).toBe(true);
  });

  it('refuses to create topics implicitly', () => {
    expect(properties.get('auto.create.topics.enable')).toBe('false');
  });
});

describe('renderLog4j2Properties', () => {
  it('logs to the console at INFO, which the stack redirects to logs/kafka.log', () => {
    const properties = parseProperties(renderLog4j2Properties());
    expect(properties.get('appender.console.type')).toBe('Console');
    expect(properties.get('rootLogger.level')).toBe('INFO');
    expect(properties.get('rootLogger.appenderRef.stdout.ref')).toBe(properties.get('appender.console.name'));
  });
});

describe('newKafkaClusterId', () => {
  it('encodes 16 bytes as 22 unpadded base64url characters', () => {
    const id = newKafkaClusterId(() => Buffer.alloc(16, 0xab));
    expect(id).toBe(Buffer.alloc(16, 0xab).toString('base64url'));
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('draws again for ids Kafka rejects: a leading "-" or all zeros', () => {
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0), Buffer.alloc(16, 1)];
    const id = newKafkaClusterId(() => draws.shift() ?? Buffer.alloc(16, 2));
    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    expect(id).toBe(Buffer.alloc(16, 1).toString('base64url'));
    expect(draws).toHaveLength(0);
  });
});
