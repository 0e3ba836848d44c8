import { resolveTailBrokers } from './tail-brokers';
import { TailError } from './tail.error';

describe('resolveTailBrokers', () => {
  const stacks: Record<string, string> = { dev: '127.0.0.1:19092', demo: '127.0.0.1:21392' };
  const running = (name: string): Promise<string | undefined> => Promise.resolve(stacks[name]);
  const env = { KAFKA_BROKERS: 'k1:9092,k2:9092' };

  it('prefers --brokers over everything', async () => {
    await expect(resolveTailBrokers({ brokers: ['b:1'] }, env, running)).resolves.toEqual({ brokers: ['b:1'], from: '--brokers' });
  });

  it('takes the running Kafka of the stack --name names, over KAFKA_BROKERS', async () => {
    await expect(resolveTailBrokers({ stackName: 'demo' }, env, running)).resolves.toEqual({ brokers: ['127.0.0.1:21392'], from: 'stack "demo"' });
  });

  it('then KAFKA_BROKERS', async () => {
    await expect(resolveTailBrokers({}, env, running)).resolves.toEqual({ brokers: ['k1:9092', 'k2:9092'], from: 'KAFKA_BROKERS' });
  });

  it('then the Kafka of the stack ./tributary start runs', async () => {
    await expect(resolveTailBrokers({}, { KAFKA_BROKERS: ' ' }, running)).resolves.toEqual({ brokers: ['127.0.0.1:19092'], from: 'stack "dev"' });
  });

  it('says how to start the stack when its Kafka does not run', async () => {
    const none = (): Promise<undefined> => Promise.resolve(undefined);
    await expect(resolveTailBrokers({}, {}, none)).rejects.toThrow(
      new TailError('the local stack "dev" runs no Kafka: start it with ./tributary start, or name a Kafka with --brokers host:port'),
    );
    await expect(resolveTailBrokers({ stackName: 'demo' }, {}, none)).rejects.toThrow(
      new TailError('the local stack "demo" runs no Kafka: start it with ./tributary start --name demo, or name a Kafka with --brokers host:port'),
    );
  });
});
