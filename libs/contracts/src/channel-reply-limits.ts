import type { Channel } from './channel';
import { MAX_TEXT_LENGTH } from './common.schema';

/**
 * How a provider counts a text: UTF-16 code units (what JavaScript's `length` and zod's `max` count;
 * never fewer than the code points a provider may count instead), UTF-8 bytes, or SMS characters:
 * GSM-7 septets (a character of the extension table takes two) or, when one character is outside
 * GSM-7, UCS-2 code units (a character beyond the BMP takes two).
 */
export type ReplyLengthUnit = 'utf16-code-units' | 'utf8-bytes' | 'sms-characters';

export interface ChannelReplyLimit {
  readonly maxLength: number;
  readonly unit: ReplyLengthUnit;
  /** Where the number comes from. */
  readonly source: string;
}

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** A reply's length on its channel, in the channel's unit, against the channel's limit. */
export interface ReplyLength {
  readonly channel: Channel;
  readonly limit: number;
  readonly unit: ReplyLengthUnit;
  readonly length: number;
  readonly fits: boolean;
  /** SMS only: the encoding the text goes out in and how many messages (segments) it is sent as. */
  readonly encoding?: SmsEncoding;
  readonly segments?: number;
}

const SMS: ChannelReplyLimit = {
  maxLength: 1_600,
  unit: 'sms-characters',
  source: 'Twilio refuses a Body over 1,600 characters (error 21617); GSM-7 sends 160 per message or 153 per segment, UCS-2 70 or 67',
};

/**
 * The longest reply each channel's provider takes. The router refuses a longer one before it is
 * queued, because a provider's refusal would only come back later as a failed delivery. Every limit
 * measures a text at least as long as its `length`, so none lets through more than zod's `max`.
 */
export const CHANNEL_REPLY_LIMITS: Readonly<Record<Channel, ChannelReplyLimit>> = {
  email: { maxLength: MAX_TEXT_LENGTH, unit: 'utf16-code-units', source: "OutboundMessage v1's own text limit: SMTP sets none a reply comes near" },
  sms: SMS,
  // A call is answered by SMS to the caller's number (the reply builder's rule).
  voice: SMS,
  chat: {
    maxLength: 4_096,
    unit: 'utf16-code-units',
    source: "Tributary's own widget, so ours to choose: the messaging apps' 4,096, so a macro that fits WhatsApp or Telegram fits chat too",
  },
  whatsapp: { maxLength: 4_096, unit: 'utf16-code-units', source: 'WhatsApp Cloud API: a text message body has at most 4,096 characters' },
  telegram: { maxLength: 4_096, unit: 'utf16-code-units', source: 'Telegram Bot API sendMessage: 1-4,096 characters after entities parsing' },
  messenger: { maxLength: 2_000, unit: 'utf16-code-units', source: 'Messenger Send API: message text is UTF-8 with a 2,000 character limit' },
  instagram: { maxLength: 1_000, unit: 'utf8-bytes', source: 'Instagram Messaging: message text must be UTF-8 and 1,000 bytes or less' },
};

/** GSM 03.38's basic table, one septet each (the escape to the extension table left out). */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** GSM 03.38's extension table: an escape septet plus one, so two each. */
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

const SEGMENT = {
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
} as const satisfies Record<SmsEncoding, { single: number; concatenated: number }>;

/** Per character, what it costs in the encoding the whole text needs: GSM-7 if every character has a septet. */
function smsCharacterCosts(text: string): { encoding: SmsEncoding; costs: number[] } {
  const characters = [...text];
  if (characters.every((character) => GSM7_BASIC.has(character) || GSM7_EXTENSION.has(character))) {
    return { encoding: 'GSM-7', costs: characters.map((character) => (GSM7_EXTENSION.has(character) ? 2 : 1)) };
  }
  return { encoding: 'UCS-2', costs: characters.map((character) => character.length) };
}

/**
 * Segments as a phone network carries them: a concatenated message's segment holds fewer characters
 * (its header takes the rest), and a character is never split across two (an escape and its
 * character, or a surrogate pair, go together), so a segment may end a unit short.
 */
function smsSegments(encoding: SmsEncoding, costs: readonly number[], length: number): number {
  if (length === 0) return 0;
  if (length <= SEGMENT[encoding].single) return 1;
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > SEGMENT[encoding].concatenated) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    // A lone surrogate is written as U+FFFD, three bytes, like any other character up to U+FFFF.
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Measures a reply for `channel` the way its provider counts, against CHANNEL_REPLY_LIMITS. */
export function measureReplyLength(channel: Channel, text: string): ReplyLength {
  const { maxLength: limit, unit } = CHANNEL_REPLY_LIMITS[channel];
  switch (unit) {
    case 'utf16-code-units':
      return { channel, limit, unit, length: text.length, fits: text.length <= limit };
    case 'utf8-bytes': {
      const length = utf8Bytes(text);
      return { channel, limit, unit, length, fits: length <= limit };
    }
    case 'sms-characters': {
      const { encoding, costs } = smsCharacterCosts(text);
      const length = costs.reduce((sum, cost) => sum + cost, 0);
      return { channel, limit, unit, length, fits: length <= limit, encoding, segments: smsSegments(encoding, costs, length) };
    }
  }
}
