import type { HandoffRecord } from '@tributary/channel-kit';
import { stableUuid } from '@tributary/contracts';
import { ChatDeliveryReports } from './chat-delivery-reports.service';
import { InMemoryChatEntries } from './in-memory-chat-entries.fake';

const OUTBOUND = ['0b6f1c8e-2d5a-4e0b-9b77-6d3f4b1a9e01', '1c7a2d9f-3e6b-4f1c-8c88-7e4a5c2b0f12'];

async function setup() {
  const entries = new InMemoryChatEntries();
  const { conversationId } = await entries.openConversation('acme', 'user-1');
  for (const outboundId of OUTBOUND) {
    await entries.recordReply({ conversationId, outboundId, ticketId: '2d8b3e0a-4f7c-4a2d-9d99-8f5b6d3c1a23', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', text: 'reply' });
  }
  const handed: HandoffRecord[] = [];
  const reports = new ChatDeliveryReports(entries, { handOff: (record: HandoffRecord) => (handed.push(record), Promise.resolve('published' as const)) });
  const states = (): [unknown, unknown, unknown][] => handed.map((record) => record.value as Record<string, unknown>).map((value) => [value['outboundId'], value['state'], value['statusId']]);
  return { conversationId, reports, states };
}

describe('ChatDeliveryReports', () => {
  it('reports delivered on an ack, once, under a stable status id', async () => {
    const { conversationId, reports, states } = await setup();
    await reports.delivered('acme', conversationId, 1);
    await reports.delivered('acme', conversationId, 1);
    expect(states()).toEqual([[OUTBOUND[0], 'delivered', stableUuid(OUTBOUND[0] ?? '', 'delivered')]]);
  });

  it('reports read up to the watermark, delivered first for a reply never acked', async () => {
    const { conversationId, reports, states } = await setup();
    await reports.delivered('acme', conversationId, 1);
    await reports.read('acme', conversationId, 2);
    await reports.read('acme', conversationId, 2);
    expect(states().map(([outboundId, state]) => [outboundId, state])).toEqual([
      [OUTBOUND[0], 'delivered'],
      [OUTBOUND[1], 'delivered'],
      [OUTBOUND[0], 'read'],
      [OUTBOUND[1], 'read'],
    ]);
  });
});
