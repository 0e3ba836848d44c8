import { BadRequestException, CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { hashApiKey } from './api-keys.util';
import { API_KEY_DIGESTS, OPERATOR_KEY_DIGESTS } from './key-digests.tokens';

/** The header an operator key names the tenant it acts for with; a tenant key needs none. */
export const TENANT_HEADER = 'x-tributary-tenant';
export type AuthenticatedRequest = Request & { tenantId: string; operator?: string };

/** Tenant ids as ROUTER_API_KEYS names them (parseApiKeyConfig). */
const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Every request names its tenant by its key (`Authorization: Bearer <key>`). An operator key sees
 * every tenant, so it must say which one it acts for (`X-Tributary-Tenant`); a tenant key naming
 * another tenant there is refused rather than quietly answered for its own.
 */
@Injectable()
export class TenantApiKeyGuard implements CanActivate {
  constructor(
    @Inject(API_KEY_DIGESTS) private readonly digests: ReadonlyMap<string, string>,
    @Inject(OPERATOR_KEY_DIGESTS) private readonly operators: ReadonlyMap<string, string>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const digest = match?.[1] ? hashApiKey(match[1]) : undefined;
    const named = request.headers[TENANT_HEADER];
    const tenantHeader = Array.isArray(named) ? named.join(',') : named;
    const tenantId = digest === undefined ? undefined : this.digests.get(digest);
    if (tenantId) {
      if (tenantHeader !== undefined && tenantHeader !== tenantId) throw new ForbiddenException(`a tenant key acts for its own tenant only; X-Tributary-Tenant names another`);
      request.tenantId = tenantId;
      return true;
    }
    const operator = digest === undefined ? undefined : this.operators.get(digest);
    if (!operator) throw new UnauthorizedException('a valid API key is required (Authorization: Bearer <key>)');
    if (tenantHeader === undefined || !TENANT_ID.test(tenantHeader)) {
      throw new BadRequestException('an operator key names the tenant it acts for: X-Tributary-Tenant: <tenant id>');
    }
    request.tenantId = tenantHeader;
    request.operator = operator;
    return true;
  }
}
