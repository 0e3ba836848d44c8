import { TOPICS } from '@tributary/contracts';
import { ConfigResourceTypes, ConfigSource, type Admin, type DescribeConfigResponse } from 'kafkajs';
import { findUndersizedTopics } from './topic-size-check';

function brokerWith(limits: Record<string, string>): Pick<Admin, 'describeConfigs'> & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    describeConfigs: ({ resources }): Promise<DescribeConfigResponse> => {
      asked.push(...resources.map((resource) => resource.name));
      return Promise.resolve({
        throttleTime: 0,
        resources: resources.map((resource) => ({
          resourceName: resource.name,
          resourceType: ConfigResourceTypes.TOPIC,
          errorCode: 0,
          errorMessage: '',
          configEntries: [
            {
              configName: 'max.message.bytes',
              configValue: limits[resource.name] ?? '1048588',
              isDefault: false,
              configSource: ConfigSource.TOPIC_CONFIG,
              isSensitive: false,
              readOnly: false,
              configSynonyms: [],
            },
          ],
        })),
      });
    },
  };
}

describe('findUndersizedTopics', () => {
  it('names a dead-letter topic with Kafka’s default limit, which cannot take a near-limit record with its headers', async () => {
    const broker = brokerWith({});
    expect(await findUndersizedTopics(broker, [TOPICS.inbound, TOPICS.inboundDeadLetter])).toEqual([
      { topic: TOPICS.inboundDeadLetter, maxMessageBytes: 1_048_588, wanted: 1_048_588 + 64 * 1024 },
    ]);
    expect(broker.asked).toEqual([TOPICS.inbound, TOPICS.inboundDeadLetter]);
  });

  it('is content with topics at or above their catalog limit, and asks nothing for no topics', async () => {
    expect(await findUndersizedTopics(brokerWith({ [TOPICS.inboundDeadLetter]: '5000000' }), [TOPICS.inbound, TOPICS.inboundDeadLetter])).toEqual([]);
    const broker = brokerWith({});
    expect(await findUndersizedTopics(broker, [])).toEqual([]);
    expect(broker.asked).toEqual([]);
  });
});
