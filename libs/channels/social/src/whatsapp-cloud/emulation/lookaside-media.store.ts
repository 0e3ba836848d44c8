import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Meta: a media URL works for 5 minutes after the media GET that returned it. */
const URL_LIFETIME_MS = 5 * 60 * 1000;
export const LOOKASIDE_PATH = '/lookaside/whatsapp_business/attachments/';

interface StoredMedia {
  readonly bytes: Buffer;
  readonly mimeType: string;
}

export type LookasideAnswer =
  | { readonly kind: 'media'; readonly bytes: Buffer; readonly mimeType: string }
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string };

/**
 * The media the emulated Graph API serves: its metadata by id, and its bytes at a lookaside URL that
 * is signed (so a tampered or invented URL is refused) and carries its issue time (so it expires).
 */
export class LookasideMediaStore {
  private readonly media = new Map<string, StoredMedia>();
  /** Per emulator instance: URLs from another run are refused like forged ones. */
  private readonly urlKey = randomBytes(32);

  constructor(private readonly now: () => Date) {}

  add(mediaId: string, bytes: Buffer, mimeType: string): void {
    this.media.set(mediaId, { bytes, mimeType });
  }

  /** The `GET /{media-id}` answer (sha256 in hex, unlike webhooks' base64), or undefined for an unknown id. */
  describe(mediaId: string, baseUrl: string): Record<string, unknown> | undefined {
    const found = this.media.get(mediaId);
    if (!found) return undefined;
    const issued = String(Math.floor(this.now().getTime() / 1000));
    const query = new URLSearchParams({ mid: mediaId, ext: issued, hash: this.hash(mediaId, issued) });
    return {
      url: `${baseUrl}${LOOKASIDE_PATH}?${query.toString()}`,
      mime_type: found.mimeType,
      sha256: createHash('sha256').update(found.bytes).digest('hex'),
      file_size: found.bytes.length,
      id: mediaId,
      messaging_product: 'whatsapp',
    };
  }

  /**
   * The bytes behind a lookaside URL (the caller has checked the token). The answers for a bad hash and
   * an expired URL are fbcdn's ("Bad URL hash", "URL signature expired", 403); lookaside's own are UNCONFIRMED.
   */
  fetch(query: URLSearchParams): LookasideAnswer {
    const mediaId = query.get('mid') ?? '';
    const issued = query.get('ext') ?? '';
    const hash = Buffer.from(query.get('hash') ?? '');
    const expected = Buffer.from(this.hash(mediaId, issued));
    if (hash.length !== expected.length || !timingSafeEqual(hash, expected)) return { kind: 'refused', status: 403, reason: 'Bad URL hash' };
    if (this.now().getTime() - Number(issued) * 1000 > URL_LIFETIME_MS) return { kind: 'refused', status: 403, reason: 'URL signature expired' };
    const found = this.media.get(mediaId);
    if (!found) return { kind: 'refused', status: 404, reason: 'Not Found' };
    return { kind: 'media', bytes: found.bytes, mimeType: found.mimeType };
  }

  private hash(mediaId: string, issued: string): string {
    return createHmac('sha256', this.urlKey).update(`${mediaId}:${issued}`).digest('base64url');
  }
}
