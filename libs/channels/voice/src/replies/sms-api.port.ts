export interface SmsToSend {
  readonly to: string;
  readonly from: string;
  /** The text; absent when a pre-approved template is sent instead (`contentSid`). */
  readonly body?: string;
  /** A WhatsApp template of Twilio's Content API (HX…), the only thing WhatsApp takes outside the 24-hour window. */
  readonly contentSid?: string;
  readonly statusCallback: string;
}

export interface SmsApiPort {
  /** Resolves with the provider's message id; rejects with SmsApiError on a refusal. */
  createMessage(sms: SmsToSend): Promise<{ readonly sid: string }>;
}
