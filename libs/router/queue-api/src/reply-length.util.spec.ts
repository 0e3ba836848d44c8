import { QueueApiError, QueueApiErrorCode } from './queue-api.error';
import { assertReplyFitsChannel } from './reply-length.util';

function refusal(channel: Parameters<typeof assertReplyFitsChannel>[0], text: string): QueueApiError {
  try {
    assertReplyFitsChannel(channel, text);
  } catch (error) {
    if (error instanceof QueueApiError) return error;
    throw error;
  }
  throw new Error(`a ${text.length}-character ${channel} reply was accepted`);
}

describe('assertReplyFitsChannel', () => {
  it('refuses a 200 KB SMS that Twilio would refuse, naming channel, limit, length and segments', () => {
    const error = refusal('sms', 'x'.repeat(200 * 1024));
    expect(error.code).toBe(QueueApiErrorCode.ReplyTooLong);
    expect(error.message).toBe('a reply on sms may be at most 1600 sms-characters long; this one is 204800 (GSM-7, 1339 segments)');
    expect(error.details).toEqual({ channel: 'sms', limit: 1600, unit: 'sms-characters', length: 204_800, encoding: 'GSM-7', segments: 1339 });
  });

  it('names the unit a channel counts in', () => {
    expect(refusal('instagram', 'ж'.repeat(501)).details).toEqual({ channel: 'instagram', limit: 1000, unit: 'utf8-bytes', length: 1002 });
    expect(refusal('messenger', 'a'.repeat(2_001)).message).toBe('a reply on messenger may be at most 2000 utf16-code-units long; this one is 2001');
  });

  it('lets a reply through that its channel takes', () => {
    expect(() => assertReplyFitsChannel('sms', 'a'.repeat(1_600))).not.toThrow();
    expect(() => assertReplyFitsChannel('email', 'a'.repeat(200 * 1024))).not.toThrow();
  });
});
