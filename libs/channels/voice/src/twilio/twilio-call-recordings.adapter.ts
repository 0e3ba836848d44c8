import type { CallRecordingsPort } from '../voice/call-recordings.port';
import type { TwilioClient } from './twilio-api-client.util';

/** A call and its recordings, through the Twilio REST API (twilio package). */
export class TwilioCallRecordings implements CallRecordingsPort {
  constructor(private readonly client: TwilioClient) {}

  async countRecordings(callSid: string): Promise<number> {
    return (await this.client.recordings.list({ callSid, limit: 20 })).length;
  }

  async durationSeconds(recordingSid: string): Promise<number> {
    const recording = await this.client.recordings(recordingSid).fetch();
    const seconds = Number(recording.duration);
    return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds) : 0;
  }

  async parties(callSid: string): Promise<{ readonly from: string; readonly to: string }> {
    const call = await this.client.calls(callSid).fetch();
    return { from: call.from, to: call.to };
  }
}
