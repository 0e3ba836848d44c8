import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AttachmentRef } from '@tributary/contracts';
import type { BlobStore } from '@tributary/platform-blob-store';
import type { ChatTenant } from '../identity/chat-tenant';
import type { Visitor } from '../identity/visitor';
import { VisitorTokenError } from '../identity/visitor-token.error';
import type { VisitorTokenVerifier } from '../identity/visitor-token.verifier';
import type { ChatUploadsPort } from '../persistence/chat-uploads.port';
import { ChatUploadError, ChatUploadErrorCode } from './chat-upload.error';
import { matchesDeclaredType } from './content-sniff.util';

export interface ChatUploadLimits {
  readonly maxBytes: number;
  /** Allowed content types, each one `matchesDeclaredType` can verify. */
  readonly types: readonly string[];
}

export interface ChatUploadRequest {
  readonly tenant: ChatTenant | undefined;
  readonly origin: string | undefined;
  readonly token: string | undefined;
  readonly contentType: string | undefined;
  /** Content-Length, when the client declared one: a larger one is refused before a byte is read. */
  readonly declaredBytes?: number;
  readonly name: string | undefined;
  readonly body: Readable;
}

/** What the widget gets back and puts into its `msg` frame's `attachments`. */
export interface ChatUploaded {
  readonly attachmentId: string;
  readonly name: string;
  readonly contentType: string;
  readonly sizeBytes: number;
}

/**
 * A visitor's upload: its token verified like a socket's hello, the declared type on the allow-list
 * and matching the bytes, the size under the limit (counted while reading, whatever Content-Length
 * said), then the bytes into the blob store and the reference recorded for the visitor's messages.
 * Uploads are small (a screenshot, a receipt), so they are read into memory before the type check.
 */
export class ChatUploads {
  constructor(
    private readonly verifier: Pick<VisitorTokenVerifier, 'verify'>,
    private readonly blobs: BlobStore,
    private readonly uploads: ChatUploadsPort,
    private readonly limits: ChatUploadLimits,
  ) {}

  async upload(request: ChatUploadRequest): Promise<ChatUploaded> {
    const { tenant } = request;
    if (!tenant) throw new ChatUploadError(ChatUploadErrorCode.UnknownTenant, 'unknown tenant');
    if (!tenant.origins.includes('*') && (request.origin === undefined || !tenant.origins.includes(request.origin))) {
      throw new ChatUploadError(ChatUploadErrorCode.OriginNotAllowed, 'origin not allowed');
    }
    const visitor = await this.visitor(tenant, request.token);
    const contentType = (request.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!this.limits.types.includes(contentType)) throw new ChatUploadError(ChatUploadErrorCode.TypeNotAllowed, `type "${contentType}" is not accepted; accepted: ${this.limits.types.join(', ')}`);
    const name = (request.name ?? 'attachment').trim();
    if (name.length === 0 || name.length > 255 || /[\u0000-\u001f/\\]/.test(name)) throw new ChatUploadError(ChatUploadErrorCode.NameInvalid, 'name must be 1-255 characters, no slashes or control characters');
    if ((request.declaredBytes ?? 0) > this.limits.maxBytes) throw this.tooLarge();
    const content = await this.read(request.body);
    if (!matchesDeclaredType(contentType, content)) throw new ChatUploadError(ChatUploadErrorCode.ContentMismatch, `the content is not ${contentType}`);
    const stored = await this.blobs.put(content, { maxBytes: this.limits.maxBytes });
    const ref: AttachmentRef = { name, contentType, sizeBytes: stored.sizeBytes, sha256: stored.sha256, storageUri: stored.storageUri };
    const attachmentId = randomUUID();
    await this.uploads.record({ attachmentId, tenantId: tenant.tenantId, visitorId: visitor.visitorId, ref });
    return { attachmentId, name, contentType, sizeBytes: stored.sizeBytes };
  }

  private async visitor(tenant: ChatTenant, token: string | undefined): Promise<Visitor> {
    if (!token) throw new ChatUploadError(ChatUploadErrorCode.TokenInvalid, 'a visitor token is required (Authorization: Bearer <token>)');
    try {
      return await this.verifier.verify(tenant, token);
    } catch (error) {
      if (error instanceof VisitorTokenError) throw new ChatUploadError(ChatUploadErrorCode.TokenInvalid, `${error.code}: ${error.message}`);
      throw error;
    }
  }

  private tooLarge(): ChatUploadError {
    return new ChatUploadError(ChatUploadErrorCode.TooLarge, `uploads are limited to ${this.limits.maxBytes} bytes`);
  }

  private async read(body: Readable): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    // Not destroyed on an early exit: the request's socket must stay to carry the 413.
    for await (const chunk of body.iterator({ destroyOnReturn: false })) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.length;
      if (size > this.limits.maxBytes) throw this.tooLarge();
      chunks.push(buffer);
    }
    return Buffer.concat(chunks);
  }
}
