import { Controller, Headers, HttpCode, Inject, Options, Post, Query, Req, Res } from '@nestjs/common';
import { ChatUploads, type ChatTenant, type ChatUploaded } from '@tributary/channel-chat';
import { BodyLimit } from '@tributary/platform-app';
import type { Request, Response } from 'express';
import { chatUploadHttpError } from './chat-upload-error.mapper';
import { CHAT_TENANTS } from './chat-ingest.tokens';

/** CHAT_UPLOAD_MAX_BYTES's ceiling: the configured limit is enforced by ChatUploads, below it. */
const UPLOAD_BODY_CEILING = 100 * 1024 * 1024;

/**
 * `POST /chat/uploads?tenant=<id>&name=<file name>`: the file as the body, its type as
 * Content-Type, the visitor's token as `Authorization: Bearer`. Answers `{attachmentId, …}` for the
 * next `msg` frame. Widgets post from the customer's page, another origin: the tenant's origins
 * get CORS answers, preflight included.
 */
@Controller('chat/uploads')
export class ChatUploadController {
  constructor(
    private readonly uploads: ChatUploads,
    @Inject(CHAT_TENANTS) private readonly tenants: ReadonlyMap<string, ChatTenant>,
  ) {}

  @Options()
  @HttpCode(204)
  preflight(@Query('tenant') tenantId: string | undefined, @Headers('origin') origin: string | undefined, @Res({ passthrough: true }) response: Response): void {
    if (!this.allowCors(tenantId, origin, response)) return;
    response.setHeader('Access-Control-Allow-Methods', 'POST');
    response.setHeader('Access-Control-Allow-Headers', 'authorization, content-type');
    response.setHeader('Access-Control-Max-Age', '600');
  }

  @Post()
  @BodyLimit(UPLOAD_BODY_CEILING)
  async upload(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query('tenant') tenantId: string | undefined,
    @Query('name') name: string | undefined,
    @Headers('origin') origin: string | undefined,
    @Headers('authorization') authorization: string | undefined,
  ): Promise<ChatUploaded> {
    this.allowCors(tenantId, origin, response);
    try {
      return await this.uploads.upload({
        tenant: tenantId === undefined ? undefined : this.tenants.get(tenantId),
        origin,
        token: /^Bearer (.+)$/.exec(authorization ?? '')?.[1],
        contentType: request.headers['content-type'],
        declaredBytes: Number(request.headers['content-length'] ?? 0),
        name,
        body: request,
      });
    } catch (error) {
      throw chatUploadHttpError(error, response);
    }
  }

  private allowCors(tenantId: string | undefined, origin: string | undefined, response: Response): boolean {
    const tenant = tenantId === undefined ? undefined : this.tenants.get(tenantId);
    if (!tenant || origin === undefined || !(tenant.origins.includes('*') || tenant.origins.includes(origin))) return false;
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Vary', 'Origin');
    return true;
  }
}
