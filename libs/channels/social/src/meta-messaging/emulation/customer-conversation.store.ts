import { sendApiError, type SendApiError } from './send-api-error-catalog';
import type { EmulatedMetaAccount, SendApiRequest } from './send-api-emulator.types';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Standard messaging window: 24 hours after the customer's last message. */
const STANDARD_WINDOW_MS = DAY_MS;
/** The HUMAN_AGENT tag's window: 7 days after the customer's last message. */
const HUMAN_AGENT_WINDOW_MS = 7 * DAY_MS;

interface Conversation {
  lastWrote: number;
  blocked: boolean;
}

/**
 * The customers each account knows, as Meta does: a page may only message someone who wrote to it
 * (scoped ids exist per page), inside the window their last message opened, and never someone who
 * blocked it.
 */
export class CustomerConversationStore {
  private readonly conversations = new Map<string, Conversation>();

  wrote(accountId: string, customerId: string, at: Date): void {
    const key = `${accountId} ${customerId}`;
    const conversation = this.conversations.get(key);
    // A late-arriving older message never shortens the window.
    if (conversation) conversation.lastWrote = Math.max(conversation.lastWrote, at.getTime());
    else this.conversations.set(key, { lastWrote: at.getTime(), blocked: false });
  }

  block(accountId: string, customerId: string): void {
    const conversation = this.conversations.get(`${accountId} ${customerId}`);
    if (conversation === undefined) throw new Error(`customer ${customerId} never wrote to ${accountId}`);
    conversation.blocked = true;
  }

  /** Why Meta would refuse this send to its recipient, or undefined when it goes through. */
  refusal(account: EmulatedMetaAccount, request: SendApiRequest, now: Date): SendApiError | undefined {
    const conversation = this.conversations.get(`${account.id} ${request.recipient.id}`);
    if (conversation === undefined) return sendApiError('no-matching-user');
    if (conversation.blocked) return sendApiError('person-unavailable');
    const age = now.getTime() - conversation.lastWrote;
    if (request.messaging_type !== 'MESSAGE_TAG') return age < STANDARD_WINDOW_MS ? undefined : sendApiError('outside-window');
    // UNCONFIRMED: the answer to HUMAN_AGENT from a page without the feature; "outside of allowed window" is assumed.
    if (account.humanAgentTag !== true) return sendApiError('outside-window', 'this page does not have the Human Agent feature');
    return age < HUMAN_AGENT_WINDOW_MS ? undefined : sendApiError('outside-human-agent-window');
  }
}
