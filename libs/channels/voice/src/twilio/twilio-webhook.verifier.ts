import { WebhookError, WebhookErrorCode, type WebhookRequest, type WebhookVerifierPort } from '@tributary/channel-kit';
import { isValidTwilioSignature, matchesTwilioBodyHash, twilioFormParams } from './twilio-signature.util';

/** Where JSON webhooks name the account: Twilio's form spelling and the JSON APIs' two spellings. */
const JSON_ACCOUNT_FIELDS = ['AccountSid', 'accountSid', 'account_sid'] as const;

/**
 * Checks X-Twilio-Signature against the public URL Twilio was configured with, as the twilio package
 * does: form webhooks sign their parameters; JSON webhooks sign the URL alone, which carries the
 * body's SHA-256 as `bodySHA256`. With `accountSid` given, an authentic webhook must also name that
 * account: a webhook of another account (a number moved between accounts or subaccounts, a token
 * shared between them) is refused like a forged one, before anything is handed on.
 */
export class TwilioWebhookVerifier implements WebhookVerifierPort {
  constructor(
    private readonly authToken: string,
    /** e.g. https://voice.example.com — the path and query Twilio called are appended to it. */
    readonly publicBaseUrl: string,
    /** The account whose webhooks are ours (AC…); omitted, the account is not checked. */
    private readonly accountSid?: string,
  ) {}

  verify(request: WebhookRequest): void {
    const signature = singleHeader(request.headers['x-twilio-signature']);
    const bodySha256 = queryValue(request.publicUrl, 'bodySHA256');
    if (bodySha256 !== undefined) {
      if (!isValidTwilioSignature(this.authToken, request.publicUrl, {}, signature) || !matchesTwilioBodyHash(request.rawBody, bodySha256)) {
        throw new WebhookError(WebhookErrorCode.SignatureInvalid, 'X-Twilio-Signature or bodySHA256 is missing or does not match');
      }
      this.checkAccount(isJson(request) ? jsonAccountSids(request.rawBody) : formAccountSids(request.rawBody));
      return;
    }
    // Twilio signs the decoded form parameters, not the bytes: they are read from the raw body so the
    // check does not depend on how the app's body parser shapes them.
    if (!isValidTwilioSignature(this.authToken, request.publicUrl, twilioFormParams(request.rawBody), signature)) {
      throw new WebhookError(WebhookErrorCode.SignatureInvalid, 'X-Twilio-Signature is missing or does not match');
    }
    this.checkAccount(formAccountSids(request.rawBody));
  }

  /**
   * Another account's webhook is 403, like a bad signature rather than 400: the payload is well-formed,
   * it is the sender that is not ours, and no corrected resend could make it acceptable. A webhook that
   * names no account at all is not a Twilio payload (Twilio sends AccountSid with every one): 400.
   */
  private checkAccount(sids: readonly string[]): void {
    if (this.accountSid === undefined) return;
    if (sids.length === 0) throw new WebhookError(WebhookErrorCode.PayloadInvalid, 'the webhook names no AccountSid');
    const foreign = sids.find((sid) => sid !== this.accountSid);
    if (foreign !== undefined) throw new WebhookError(WebhookErrorCode.SignatureInvalid, `AccountSid ${foreign} is not the Twilio account this service serves`);
  }
}

/** A repeated signature header is refused rather than guessed at. */
function singleHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function queryValue(url: string, name: string): string | undefined {
  try {
    return new URL(url).searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

function isJson(request: WebhookRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/([\w.+-]*\+)?json\b/i.test(type.trim());
}

/** Every AccountSid value of a form body: a repeated name must not smuggle in a second account. */
function formAccountSids(rawBody: Buffer): string[] {
  const value = twilioFormParams(rawBody)['AccountSid'];
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
}

function jsonAccountSids(rawBody: Buffer): string[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return [];
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const fields = body as Record<string, unknown>;
  return JSON_ACCOUNT_FIELDS.flatMap((name) => {
    const value = fields[name];
    return typeof value === 'string' ? [value] : [];
  });
}
