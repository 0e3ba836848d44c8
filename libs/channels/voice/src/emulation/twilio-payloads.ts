import { randomBytes } from 'node:crypto';

const ACCOUNT = 'AC' + '0'.repeat(32);

export const sid = (prefix: 'SM' | 'MM' | 'CA' | 'RE'): string => `${prefix}${randomBytes(16).toString('hex')}`;

/** An incoming SMS webhook with Twilio's own parameter names and formats. */
export function smsWebhook(from: string, to: string, body: string, accountSid = ACCOUNT, messageSid = sid('SM')): Record<string, string> {
  return {
    ToCountry: 'DE', ToState: '', SmsMessageSid: messageSid, NumMedia: '0', ToCity: '', FromZip: '', SmsSid: messageSid,
    FromState: '', SmsStatus: 'received', FromCity: '', Body: body, FromCountry: 'DE', To: to, MessagingServiceSid: '',
    ToZip: '', NumSegments: '1', MessageSid: messageSid, AccountSid: accountSid, From: from, ApiVersion: '2010-04-01',
  };
}

/**
 * An incoming WhatsApp message as Twilio posts it to the same messaging webhook: `whatsapp:`
 * addresses, `WaId` (the number without "+") and `ProfileName`. `from` is a number (+4915…) or, for
 * a customer who hides it, a business-scoped user id (US.1349…), then sent without WaId.
 */
export function whatsappWebhook(from: string, to: string, body: string, accountSid = ACCOUNT, messageSid = sid('SM'), profileName = 'Jane Doe'): Record<string, string> {
  return {
    SmsMessageSid: messageSid, NumMedia: '0', ProfileName: profileName, MessageType: 'text', SmsSid: messageSid,
    ...(from.startsWith('+') ? { WaId: from.slice(1) } : {}), SmsStatus: 'received', Body: body, To: `whatsapp:${to}`,
    NumSegments: '1', ReferralNumMedia: '0', MessageSid: messageSid, AccountSid: accountSid, From: `whatsapp:${from}`, ApiVersion: '2010-04-01',
  };
}

/** Voice webhook parameters common to every call request. */
export function callParams(callSid: string, from: string, to: string, accountSid = ACCOUNT): Record<string, string> {
  return {
    AccountSid: accountSid, ApiVersion: '2010-04-01', CallSid: callSid, CallStatus: 'ringing', Called: to, Caller: from,
    Direction: 'inbound', From: from, FromCountry: 'DE', To: to, ToCountry: 'DE',
  };
}

/** The recording status callback as Twilio sends it for <Record>: the call and the recording, no From/To. */
export function recordingStatusParams(callSid: string, recording: { sid: string; url: string }, durationSeconds: number, accountSid = ACCOUNT): Record<string, string> {
  return {
    AccountSid: accountSid, CallSid: callSid, RecordingSid: recording.sid, RecordingUrl: recording.url, RecordingStatus: 'completed',
    RecordingDuration: String(durationSeconds), RecordingChannels: '1', RecordingSource: 'RecordVerb',
    RecordingStartTime: new Date().toUTCString(), ErrorCode: '0',
  };
}
