import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { hashApiKey } from './api-keys.util';

export const API_KEY_DIGESTS = Symbol('API_KEY_DIGESTS');
export type AuthenticatedRequest = Request & { tenantId: string };

/** Every request names its tenant by its key (`Authorization: Bearer <key>`); there is no other way in. */
@Injectable()
export class TenantApiKeyGuard implements CanActivate {
  constructor(@Inject(API_KEY_DIGESTS) private readonly digests: ReadonlyMap<string, string>) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const tenantId = match?.[1] ? this.digests.get(hashApiKey(match[1])) : undefined;
    if (!tenantId) throw new UnauthorizedException('a valid API key is required (Authorization: Bearer <key>)');
    request.tenantId = tenantId;
    return true;
  }
}
