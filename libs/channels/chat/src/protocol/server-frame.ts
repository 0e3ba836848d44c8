import type { ChatEventAuthor } from '../conversation/chat-entry';

/** The frames the server sends. `seq` numbers a conversation's messages, both directions, from 1. */
export type ServerFrame =
  | {
      readonly type: 'welcome';
      readonly conversationId: string;
      readonly visitorId: string;
      readonly verified: boolean;
      /** The newest `seq` of the conversation when the socket was accepted. */
      readonly lastSeq: number;
      /** Present when the server issued an anonymous token: the widget keeps it for its next visits. */
      readonly visitorToken?: string;
      /** The tenant wants an email from an unsigned visitor before the first message (the offline form). */
      readonly offlineForm?: true;
    }
  /** The visitor's message is stored and handed off: the widget may forget its copy. */
  | { readonly type: 'ack'; readonly clientMessageId: string; readonly seq: number; readonly messageId: string }
  | {
      readonly type: 'event';
      readonly seq: number;
      readonly author: ChatEventAuthor;
      readonly text: string;
      readonly at: string;
      readonly clientMessageId?: string;
      readonly authorName?: string;
    }
  | { readonly type: 'typing'; readonly author: 'agent'; readonly active: boolean }
  | { readonly type: 'error'; readonly code: ChatErrorCode; readonly message: string; readonly clientMessageId?: string; readonly retryAfterMs?: number };

/** Refusals that keep the socket open: the widget keeps the message and acts on the code. */
export enum ChatErrorCode {
  /** Too many messages this minute: resend after `retryAfterMs`. */
  RateLimited = 'rate_limited',
  /** The message cannot be accepted as it is (too long, empty, an unknown attachment): do not resend. */
  MessageInvalid = 'message_invalid',
  /** Kafka or the database did not answer in time: resend later with the same client message id. */
  Unavailable = 'unavailable',
}
