import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LocalDirectoryBlobStore } from '@tributary/platform-blob-store';
import type { ChatTenant } from '../identity/chat-tenant';
import { VisitorTokenVerifier } from '../identity/visitor-token.verifier';
import { ChatUploadErrorCode } from './chat-upload.error';
import { ChatUploads, type ChatUploadRequest } from './chat-uploads.service';
import { InMemoryChatUploads } from './in-memory-chat-uploads.fake';

const tenant: ChatTenant = { tenantId: 'acme', origins: ['https://app.acme.example'], anonymous: true, inbox: 'web-widget', secrets: [] };
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

describe('ChatUploads', () => {
  let directory: string;
  const verifier = new VisitorTokenVerifier({ anonymousSecrets: ['anonymous-secret-0123456789abcdef0123'], anonymousTtlSeconds: 3600 });
  const records = new InMemoryChatUploads();
  let uploads: ChatUploads;
  let token: string;
  let visitorId: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'chat-uploads-'));
    uploads = new ChatUploads(verifier, new LocalDirectoryBlobStore(directory), records, { maxBytes: 64, types: ['image/png', 'text/plain'] });
    ({ token, visitor: { visitorId } } = await verifier.issueAnonymous(tenant));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const request = (overrides: Partial<ChatUploadRequest>): ChatUploadRequest => ({
    tenant,
    origin: 'https://app.acme.example',
    token,
    contentType: 'image/png',
    name: 'screenshot.png',
    body: Readable.from([PNG]),
    ...overrides,
  });
  const refusal = (overrides: Partial<ChatUploadRequest>): Promise<unknown> => uploads.upload(request(overrides)).then(() => 'accepted', (error: { code?: unknown }) => error.code);

  it("stores the bytes and records the reference for the visitor's messages only", async () => {
    const uploaded = await uploads.upload(request({ contentType: 'image/png; charset=binary' }));
    expect(uploaded).toMatchObject({ name: 'screenshot.png', contentType: 'image/png', sizeBytes: PNG.length });
    const [ref] = await records.find('acme', visitorId, [uploaded.attachmentId]);
    expect(ref).toMatchObject({ contentType: 'image/png', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown, storageUri: expect.stringMatching(/^file:/) as unknown });
    expect(await records.find('acme', 'anon-someone-else', [uploaded.attachmentId])).toEqual([]);
  });

  it('refuses each mistake with its own code and stores nothing', async () => {
    const before = records.uploads.length;
    expect(await refusal({ tenant: undefined })).toBe(ChatUploadErrorCode.UnknownTenant);
    expect(await refusal({ origin: 'https://evil.example' })).toBe(ChatUploadErrorCode.OriginNotAllowed);
    expect(await refusal({ token: undefined })).toBe(ChatUploadErrorCode.TokenInvalid);
    expect(await refusal({ token: 'not.a.jwt' })).toBe(ChatUploadErrorCode.TokenInvalid);
    expect(await refusal({ contentType: 'application/x-msdownload' })).toBe(ChatUploadErrorCode.TypeNotAllowed);
    expect(await refusal({ contentType: 'text/plain', body: Readable.from([PNG]) })).toBe(ChatUploadErrorCode.ContentMismatch);
    expect(await refusal({ body: Readable.from([PNG, PNG, PNG, PNG, PNG]) })).toBe(ChatUploadErrorCode.TooLarge);
    expect(await refusal({ name: '../etc/passwd' })).toBe(ChatUploadErrorCode.NameInvalid);
    expect(records.uploads.length).toBe(before);
  });
});
