/** Which replies were already handed to the provider, so a redelivered request is not sent twice. */
export interface SentRepliesPort {
  sentMessageSid(outboundId: string): string | undefined;
  markSent(outboundId: string, messageSid: string): Promise<void>;
}
