import { CHANNELS, type Channel } from '@tributary/contracts';
import type { ConsumerGroupLag } from '@tributary/platform-kafka';
import type { ResponseOf } from '../queue-responses.schema';
import type { ChannelActivityRow, TenantOverviewRow } from './console.repository';
import type { ChannelHealthResponse, TenantListResponse } from './console-responses.schema';

export type ChannelHealth = ResponseOf<typeof ChannelHealthResponse>;
export type TenantList = ResponseOf<typeof TenantListResponse>;

/** Kafka's answer, or why there is none: the database figures are shown either way. */
export type LagReading = { readonly groups: readonly ConsumerGroupLag[] } | { readonly error: string };

/** Every channel of the contract, those without messages as zeros, so a silent channel shows as silent. */
export function toChannelHealth(tenantId: string, at: Date, rows: readonly ChannelActivityRow[], lag: LagReading): ChannelHealth {
  const byChannel = new Map<Channel, ChannelActivityRow>(rows.map((row) => [row.channel, row]));
  return {
    tenantId,
    at: at.toISOString(),
    channels: CHANNELS.map((channel) => {
      const row = byChannel.get(channel);
      return {
        channel,
        lastInboundAt: row ? row.last_inbound_at.toISOString() : null,
        inboundLastHour: row?.last_hour ?? 0,
        inboundLastDay: row?.last_day ?? 0,
        inboundTotal: row?.total ?? 0,
      };
    }),
    consumers:
      'error' in lag
        ? { groups: [], error: lag.error }
        : { groups: lag.groups.map(({ groupId, topic, lag: behind, partitions }) => ({ groupId, topic, lag: behind, partitions })), error: null },
  };
}

export function toTenantList(rows: readonly TenantOverviewRow[]): TenantList {
  return { tenants: rows.map((row) => ({ tenantId: row.id, name: row.name, openTickets: row.open_tickets, lastMessageAt: row.last_message_at?.toISOString() ?? null })) };
}
