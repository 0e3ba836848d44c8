import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

type TwilioClient = ReturnType<typeof twilio>;
const TWILIO_HOSTS = /^https:\/\/[a-z0-9.-]+\.twilio\.com/;

/**
 * The twilio package always builds https://<product>.twilio.com URLs; its documented extension point
 * is the `httpClient` option. This one rewrites the origin to the configured base URL (a local
 * emulation in tests, an egress proxy in production), leaving everything else to the package.
 */
class BaseUrlRequestClient extends RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 10_000 });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    return super.request({ ...opts, uri: opts.uri.replace(TWILIO_HOSTS, this.baseUrl) });
  }
}

export function createTwilioApiClient(accountSid: string, authToken: string, apiBaseUrl: string): TwilioClient {
  const base = apiBaseUrl.replace(/\/+$/, '');
  const httpClient = base === 'https://api.twilio.com' ? undefined : new BaseUrlRequestClient(base);
  return twilio(accountSid, authToken, httpClient ? { httpClient } : {});
}

export type { TwilioClient };
