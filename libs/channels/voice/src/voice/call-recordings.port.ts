/** What the voice intake asks the provider's API about a call and its recordings. */
export interface CallRecordingsPort {
  countRecordings(callSid: string): Promise<number>;
  durationSeconds(recordingSid: string): Promise<number>;
  /** Caller and called number, for callbacks that do not carry them (the recording status callback). */
  parties(callSid: string): Promise<{ readonly from: string; readonly to: string }>;
}
