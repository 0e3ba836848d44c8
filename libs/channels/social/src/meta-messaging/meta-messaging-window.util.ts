import type { OutboundMessageV1Message } from '@tributary/contracts';
import type { MetaAccount } from './meta-messaging-config.schema';

/** Standard messaging window: replies only this long after the customer's last message (Messenger Platform "Send a Message", messaging types). */
export const STANDARD_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The HUMAN_AGENT tag: a human agent may answer up to 7 days after the customer's last message (Human Agent feature). */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export type MetaMessagingTypeDecision =
  | { readonly kind: 'send'; readonly fields: { readonly messaging_type: 'RESPONSE' } | { readonly messaging_type: 'MESSAGE_TAG'; readonly tag: 'HUMAN_AGENT' } }
  | { readonly kind: 'refuse'; readonly code: string; readonly message: string };

/**
 * How a reply may go out, from when Tributary received the customer's message it answers: inside 24
 * hours as a RESPONSE; up to 7 days with MESSAGE_TAG HUMAN_AGENT when the page has the Human Agent
 * feature and a person (not an automation) wrote it — Meta allows the tag only for human replies;
 * otherwise not at all, refused here with Meta's own codes (2018278, 2534022) so the ticket shows
 * the same reason whether Meta or Tributary said no, and no call is wasted on a certain refusal.
 */
export function metaMessagingType(outbound: OutboundMessageV1Message, account: MetaAccount, now: Date): MetaMessagingTypeDecision {
  const answering = outbound.answering;
  if (answering === undefined) {
    return { kind: 'refuse', code: '2018278', message: 'Meta lets a page message only customers who wrote to it: there is no customer message for this reply to answer' };
  }
  const age = now.getTime() - Date.parse(answering.receivedAt);
  if (age < STANDARD_WINDOW_MS) return { kind: 'send', fields: { messaging_type: 'RESPONSE' } };
  const human = outbound.author.kind === 'agent';
  if (age < HUMAN_AGENT_WINDOW_MS && account.humanAgentTag && human) return { kind: 'send', fields: { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } };
  if (age >= HUMAN_AGENT_WINDOW_MS && account.humanAgentTag) {
    return { kind: 'refuse', code: '2534022', message: "more than 7 days have passed since the customer's last message: not even a human agent may answer until they write again" };
  }
  const why = !account.humanAgentTag
    ? 'and this page does not have the Human Agent feature (humanAgentTag in META_PAGES) that allows 7 days'
    : 'and only a human agent may answer up to 7 days; this reply is an automation\'s';
  return { kind: 'refuse', code: '2018278', message: `more than 24 hours have passed since the customer's last message, ${why}` };
}
