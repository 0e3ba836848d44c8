import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { hashApiKey } from '../api-keys.util';
import { API_KEY_DIGESTS, OPERATOR_KEY_DIGESTS } from '../key-digests.tokens';

export type OperatorRequest = Request & { operator: string };

/**
 * Operator routes see every tenant, so only an operator key (`ROUTER_OPERATOR_KEYS`) opens them:
 * no key or an unknown one is 401; a tenant's key, valid elsewhere, is 403.
 */
@Injectable()
export class OperatorKeyGuard implements CanActivate {
  constructor(
    @Inject(OPERATOR_KEY_DIGESTS) private readonly operators: ReadonlyMap<string, string>,
    @Inject(API_KEY_DIGESTS) private readonly tenants: ReadonlyMap<string, string>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<OperatorRequest>();
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const digest = match?.[1] ? hashApiKey(match[1]) : undefined;
    const operator = digest === undefined ? undefined : this.operators.get(digest);
    if (operator) {
      request.operator = operator;
      return true;
    }
    if (digest !== undefined && this.tenants.has(digest)) throw new ForbiddenException('an operator key is required; a tenant key does not open operator routes');
    throw new UnauthorizedException('a valid operator key is required (Authorization: Bearer <key>)');
  }
}
