/** The emulation's records and options (types only, shared by the emulator and its tests). */
export interface EmulatedMessage {
  readonly sid: string;
  readonly to: string;
  readonly from: string;
  readonly body: string;
  /** The WhatsApp template sent instead of a body, if any. */
  readonly contentSid?: string | undefined;
  readonly numSegments: number;
  readonly statusCallback: string | undefined;
}

export interface EmulatedCall {
  readonly sid: string;
  readonly from: string;
  readonly to: string;
}

export interface EmulatedRecording {
  readonly sid: string;
  readonly callSid: string;
  readonly durationSeconds: number;
  readonly bytes: Buffer;
}

export type MessageCallbackStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'read' | 'canceled';

/** One status callback: the status alone, or with the ErrorCode Twilio sends with undelivered/failed. */
export type CallbackStep = MessageCallbackStatus | { readonly status: MessageCallbackStatus; readonly errorCode: string };

export interface TwilioEmulatorOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Numbers that accept the API call but never receive the text: callbacks end in undelivered/30003. */
  readonly unreachableNumbers?: readonly string[];
  /**
   * The account's senders (numbers and short codes): a message from any other is refused with 21606.
   * Omitted, every sender counts as the account's, for tests that do not care which number sends.
   */
  readonly numbers?: readonly string[];
}

export interface CallbackPlan {
  readonly steps: readonly CallbackStep[];
  readonly to: string | undefined;
}
