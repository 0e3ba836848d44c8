import type { AttachmentRef } from '@tributary/contracts';
import type { DataSource } from 'typeorm';
import type { ChatUpload, ChatUploadsPort } from './chat-uploads.port';

interface UploadRow {
  readonly attachment_id: string;
  readonly name: string;
  readonly content_type: string;
  readonly size_bytes: string;
  readonly sha256: string;
  readonly storage_uri: string;
}

/** `chat_uploads`: every query of the visitors' uploads. */
export class ChatUploadsRepository implements ChatUploadsPort {
  constructor(private readonly dataSource: DataSource) {}

  async record(upload: ChatUpload): Promise<void> {
    const { ref } = upload;
    await this.dataSource.query(
      `INSERT INTO chat_uploads (attachment_id, tenant_id, visitor_id, name, content_type, size_bytes, sha256, storage_uri)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [upload.attachmentId, upload.tenantId, upload.visitorId, ref.name, ref.contentType, ref.sizeBytes, ref.sha256, ref.storageUri],
    );
  }

  async find(tenantId: string, visitorId: string, attachmentIds: readonly string[]): Promise<AttachmentRef[]> {
    const uuids = attachmentIds.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
    if (uuids.length === 0) return [];
    const rows = await this.dataSource.query<UploadRow[]>(
      `SELECT attachment_id, name, content_type, size_bytes, sha256, storage_uri FROM chat_uploads
        WHERE tenant_id = $1 AND visitor_id = $2 AND attachment_id = ANY($3::uuid[])`,
      [tenantId, visitorId, uuids],
    );
    const byId = new Map(rows.map((row) => [row.attachment_id, row]));
    return uuids.flatMap((id) => {
      const row = byId.get(id.toLowerCase());
      return row ? [{ name: row.name, contentType: row.content_type, sizeBytes: Number(row.size_bytes), sha256: row.sha256, storageUri: row.storage_uri }] : [];
    });
  }
}
