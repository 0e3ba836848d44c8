import { CHANNELS } from '@tributary/contracts';
import { z } from 'zod';

/** What the console's read routes answer; the OpenAPI document is generated from these. */

const Timestamp = z.iso.datetime();

export const ChannelHealthResponse = z.object({
  tenantId: z.string(),
  at: Timestamp.describe('When the figures were read.'),
  channels: z
    .array(
      z.object({
        channel: z.enum(CHANNELS),
        lastInboundAt: Timestamp.nullable().describe("When the tenant's latest customer message on this channel was received; null if none ever was."),
        inboundLastHour: z.number().int().min(0),
        inboundLastDay: z.number().int().min(0),
        inboundTotal: z.number().int().min(0),
      }),
    )
    .describe('Every channel, in the contract\'s order, including those without messages.'),
  consumers: z
    .object({
      groups: z.array(
        z.object({
          groupId: z.string().describe('The consumer group as the broker knows it, prefix included.'),
          topic: z.string(),
          lag: z.number().int().min(0).describe('Records on the topic the group has not consumed yet (all tenants).'),
          partitions: z.number().int().min(0),
        }),
      ),
      error: z.string().nullable().describe('Why Kafka could not be asked (groups is then empty); the database figures stand.'),
    })
    .describe("The router's consumer groups and their lag, read from Kafka's admin API."),
});

export const TenantListResponse = z.object({
  tenants: z.array(
    z.object({
      tenantId: z.string(),
      name: z.string(),
      openTickets: z.number().int().min(0).describe('Open and pending tickets.'),
      lastMessageAt: Timestamp.nullable(),
    }),
  ),
});
