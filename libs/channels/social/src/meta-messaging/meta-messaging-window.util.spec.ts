import { outboundReplyFixture } from '@tributary/contracts/testing';
import type { MetaAccount } from './meta-messaging-config.schema';
import { metaMessagingType } from './meta-messaging-window.util';

const NOW = new Date('2026-12-07T10:00:00Z');
const HOUR = 60 * 60 * 1000;
const TAGGED: MetaAccount = { tenantId: 'acme', channel: 'messenger', humanAgentTag: true };
const PLAIN: MetaAccount = { ...TAGGED, humanAgentTag: false };

function answeringAgo(ms: number, author: 'agent' | 'automation' = 'agent'): ReturnType<typeof outboundReplyFixture> {
  return outboundReplyFixture({ channel: 'messenger', author: { kind: author, id: 'a' }, answering: { providerMessageId: 'm_1', receivedAt: new Date(NOW.getTime() - ms).toISOString() } });
}

describe('metaMessagingType', () => {
  it('sends a RESPONSE up to 24 hours after the customer wrote, on any page and for any author', () => {
    expect(metaMessagingType(answeringAgo(24 * HOUR - 1, 'automation'), PLAIN, NOW)).toEqual({ kind: 'send', fields: { messaging_type: 'RESPONSE' } });
  });

  it("tags a human agent's reply HUMAN_AGENT from 24 hours to 7 days on a page with the feature", () => {
    expect(metaMessagingType(answeringAgo(24 * HOUR), TAGGED, NOW)).toEqual({ kind: 'send', fields: { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } });
    expect(metaMessagingType(answeringAgo(7 * 24 * HOUR - 1), TAGGED, NOW).kind).toBe('send');
  });

  it('refuses past the windows with the code Meta would give', () => {
    expect(metaMessagingType(answeringAgo(25 * HOUR), PLAIN, NOW)).toMatchObject({ kind: 'refuse', code: '2018278' });
    expect(metaMessagingType(answeringAgo(25 * HOUR, 'automation'), TAGGED, NOW)).toMatchObject({ kind: 'refuse', code: '2018278' });
    expect(metaMessagingType(answeringAgo(7 * 24 * HOUR), TAGGED, NOW)).toMatchObject({ kind: 'refuse', code: '2534022' });
    expect(metaMessagingType(outboundReplyFixture({ channel: 'messenger' }), TAGGED, NOW)).toMatchObject({ kind: 'refuse', code: '2018278' });
  });
});
