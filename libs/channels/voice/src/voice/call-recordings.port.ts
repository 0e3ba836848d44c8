/** What the voice intake asks the provider's API about a call's recordings. */
export interface CallRecordingsPort {
  countRecordings(callSid: string): Promise<number>;
  durationSeconds(recordingSid: string): Promise<number>;
}
