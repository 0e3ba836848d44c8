import { BadRequestException, ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { hashApiKey, parseApiKeyConfig } from './api-keys.util';
import { parseOperatorKeyConfig } from './operator/operator-keys.util';
import { TenantApiKeyGuard, type AuthenticatedRequest } from './tenant-api-key.guard';

const guard = new TenantApiKeyGuard(parseApiKeyConfig(`acme=${hashApiKey('acme-key')},globex=${hashApiKey('globex-key')}`), parseOperatorKeyConfig(`ops-alice=${hashApiKey('alice-key')}`));

function attempt(headers: Record<string, string | string[]>): { request: AuthenticatedRequest; outcome: () => boolean } {
  const request = { headers } as unknown as AuthenticatedRequest;
  const context = { switchToHttp: () => ({ getRequest: () => request }) } as ExecutionContext;
  return { request, outcome: () => guard.canActivate(context) };
}

describe('TenantApiKeyGuard', () => {
  it("scopes a tenant key to its tenant, with or without the header naming that same tenant", () => {
    const both: Record<string, string>[] = [{ authorization: 'Bearer acme-key' }, { authorization: 'Bearer acme-key', 'x-tributary-tenant': 'acme' }];
    for (const headers of both) {
      const { request, outcome } = attempt(headers);
      expect(outcome()).toBe(true);
      expect(request.tenantId).toBe('acme');
      expect(request.operator).toBeUndefined();
    }
  });

  it('refuses a tenant key that names another tenant (403): it never reads another tenant, nor quietly its own', () => {
    expect(attempt({ authorization: 'Bearer acme-key', 'x-tributary-tenant': 'globex' }).outcome).toThrow(ForbiddenException);
    expect(attempt({ authorization: 'Bearer acme-key', 'x-tributary-tenant': ['acme', 'globex'] }).outcome).toThrow(ForbiddenException);
  });

  it('lets an operator key act for the tenant its header names, recording the operator', () => {
    const { request, outcome } = attempt({ authorization: 'Bearer alice-key', 'x-tributary-tenant': 'globex' });
    expect(outcome()).toBe(true);
    expect(request.tenantId).toBe('globex');
    expect(request.operator).toBe('ops-alice');
  });

  it('refuses an operator key without a tenant, or with one no tenant could be named, with 400', () => {
    expect(attempt({ authorization: 'Bearer alice-key' }).outcome).toThrow(BadRequestException);
    expect(attempt({ authorization: 'Bearer alice-key', 'x-tributary-tenant': 'Acme Corp' }).outcome).toThrow(BadRequestException);
    expect(attempt({ authorization: 'Bearer alice-key', 'x-tributary-tenant': '' }).outcome).toThrow(BadRequestException);
  });

  it('refuses no key, an unknown key, or another scheme with 401, whatever the header says', () => {
    expect(attempt({}).outcome).toThrow(UnauthorizedException);
    expect(attempt({ authorization: 'Bearer nobody', 'x-tributary-tenant': 'acme' }).outcome).toThrow(UnauthorizedException);
    expect(attempt({ authorization: 'Basic acme-key' }).outcome).toThrow(UnauthorizedException);
  });
});
