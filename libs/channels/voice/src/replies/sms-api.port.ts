export interface SmsToSend {
  readonly to: string;
  readonly from: string;
  readonly body: string;
  readonly statusCallback: string;
}

export interface SmsApiPort {
  /** Resolves with the provider's message id; rejects with SmsApiError on a refusal. */
  createMessage(sms: SmsToSend): Promise<{ readonly sid: string }>;
}
