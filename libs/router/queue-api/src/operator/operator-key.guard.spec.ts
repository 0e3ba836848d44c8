import { ForbiddenException, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { hashApiKey, parseApiKeyConfig } from '../api-keys.util';
import { OperatorKeyGuard, type OperatorRequest } from './operator-key.guard';
import { parseOperatorKeyConfig } from './operator-keys.util';

const guard = new OperatorKeyGuard(
  parseOperatorKeyConfig(`ops-alice=${hashApiKey('alice-key')}, ops.bob=${hashApiKey('bob-old')},ops.bob=${hashApiKey('bob-new')}`),
  parseApiKeyConfig(`acme=${hashApiKey('acme-key')}`),
);

function attempt(authorization?: string): { request: OperatorRequest; outcome: () => boolean } {
  const request = { headers: authorization === undefined ? {} : { authorization } } as OperatorRequest;
  const context = { switchToHttp: () => ({ getRequest: () => request }) } as ExecutionContext;
  return { request, outcome: () => guard.canActivate(context) };
}

describe('OperatorKeyGuard', () => {
  it('lets an operator key in, naming the operator; every key of a rotation works', () => {
    for (const [key, operator] of [['alice-key', 'ops-alice'], ['bob-old', 'ops.bob'], ['bob-new', 'ops.bob']]) {
      const { request, outcome } = attempt(`Bearer ${key}`);
      expect(outcome()).toBe(true);
      expect(request.operator).toBe(operator);
    }
  });

  it('refuses a tenant key with 403, and no key or an unknown one with 401', () => {
    expect(attempt('Bearer acme-key').outcome).toThrow(ForbiddenException);
    expect(attempt().outcome).toThrow(UnauthorizedException);
    expect(attempt('Bearer nobody').outcome).toThrow(UnauthorizedException);
    expect(attempt('Basic alice-key').outcome).toThrow(UnauthorizedException);
  });
});

describe('parseOperatorKeyConfig', () => {
  it('reads name=<sha256 hex> entries and refuses anything else, naming the entry', () => {
    expect(parseOperatorKeyConfig('')).toEqual(new Map());
    expect(() => parseOperatorKeyConfig('ops-alice=alice-key')).toThrow('"ops-alice=alice-key" is not <operator name>=<sha256 hex of the key>');
    expect(() => parseOperatorKeyConfig(`Ops=${hashApiKey('x')}`)).toThrow(/is not <operator name>/);
  });
});
