import { CHANNELS } from '@tributary/contracts';
import { ChannelHealthResponse, TenantListResponse } from './console-responses.schema';
import { toChannelHealth, toTenantList } from './console-views';

const at = new Date('2026-12-07T10:00:00.000Z');

describe('toChannelHealth', () => {
  it('lists every channel in the contract order, a channel without messages as zeros and no last time', () => {
    const health = toChannelHealth('acme', at, [{ channel: 'sms', last_inbound_at: new Date('2026-12-07T09:59:00.000Z'), last_hour: 2, last_day: 5, total: 9 }], {
      groups: [{ groupId: 'p.tributary-router', topic: 'tributary.inbound.v1', lag: 3, partitions: 6 }],
    });
    expect(health.channels.map((channel) => channel.channel)).toEqual([...CHANNELS]);
    expect(health.channels.find((channel) => channel.channel === 'sms')).toEqual({
      channel: 'sms',
      lastInboundAt: '2026-12-07T09:59:00.000Z',
      inboundLastHour: 2,
      inboundLastDay: 5,
      inboundTotal: 9,
    });
    expect(health.channels.find((channel) => channel.channel === 'email')).toEqual({ channel: 'email', lastInboundAt: null, inboundLastHour: 0, inboundLastDay: 0, inboundTotal: 0 });
    expect(health.consumers).toEqual({ groups: [{ groupId: 'p.tributary-router', topic: 'tributary.inbound.v1', lag: 3, partitions: 6 }], error: null });
    expect(ChannelHealthResponse.safeParse(health).success).toBe(true);
  });

  it("keeps the database figures when Kafka did not answer, saying why", () => {
    const health = toChannelHealth('acme', at, [], { error: 'Kafka did not answer within 5000 ms' });
    expect(health.consumers).toEqual({ groups: [], error: 'Kafka did not answer within 5000 ms' });
    expect(health.channels).toHaveLength(CHANNELS.length);
    expect(ChannelHealthResponse.safeParse(health).success).toBe(true);
  });
});

describe('toTenantList', () => {
  it('names each tenant with its open tickets and latest message, null for a tenant without tickets', () => {
    const list = toTenantList([
      { id: 'acme', name: 'acme', open_tickets: 2, last_message_at: at },
      { id: 'globex', name: 'globex', open_tickets: 0, last_message_at: null },
    ]);
    expect(list).toEqual({
      tenants: [
        { tenantId: 'acme', name: 'acme', openTickets: 2, lastMessageAt: '2026-12-07T10:00:00.000Z' },
        { tenantId: 'globex', name: 'globex', openTickets: 0, lastMessageAt: null },
      ],
    });
    expect(TenantListResponse.safeParse(list).success).toBe(true);
  });
});
