import { twilioError, type TwilioErrorBody } from './twilio-error.util';

interface CatalogEntry {
  readonly status: number;
  readonly message: (subject: string) => string;
}

/**
 * The REST API errors the emulation answers, with the HTTP status and message Twilio gives them
 * (https://www.twilio.com/docs/api/errors/<code>). Codes not listed here are answered with the status
 * their family uses (20xxx by their own number, everything else 400).
 */
const CATALOG: Readonly<Record<number, CatalogEntry>> = {
  20003: { status: 401, message: () => 'Authenticate' },
  20005: { status: 401, message: () => 'Account not active' },
  20404: { status: 404, message: () => 'The requested resource was not found' },
  20429: { status: 429, message: () => 'Too Many Requests' },
  20500: { status: 500, message: () => 'Internal Server Error' },
  20503: { status: 503, message: () => 'Service Unavailable' },
  21211: { status: 400, message: (to) => `The 'To' number ${to} is not a valid phone number.` },
  21602: { status: 400, message: () => 'Message body is required.' },
  21603: { status: 400, message: () => "A 'From' phone number is required." },
  21604: { status: 400, message: () => "A 'To' phone number is required." },
  21606: { status: 400, message: (from) => `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.` },
  21610: { status: 400, message: () => 'Attempt to send to unsubscribed recipient' },
  21612: { status: 400, message: () => "The 'To' phone number is not currently reachable using the 'From' phone number via SMS." },
  21614: { status: 400, message: (to) => `'To' number ${to} is not a valid mobile number` },
  21617: { status: 400, message: () => 'The concatenated message body exceeds the 1600 character limit.' },
  21655: { status: 400, message: (sid) => `The ContentSid ${sid} is invalid.` },
  63007: { status: 400, message: (from) => `Twilio could not find a Channel with the specified From address: ${from}` },
};

/** Twilio's error body for `code`; `subject` is the number or value the message names, when it names one. */
export function twilioApiError(code: number, subject = ''): TwilioErrorBody {
  const entry = CATALOG[code];
  const status = entry?.status ?? (code >= 20400 && code < 20600 ? code - 20000 : 400);
  return twilioError(code, entry ? entry.message(subject) : `Error ${code}`, status);
}
