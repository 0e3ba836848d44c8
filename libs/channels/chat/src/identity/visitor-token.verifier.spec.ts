import { SignJWT } from 'jose';
import type { ChatTenant } from './chat-tenant';
import { VisitorTokenErrorCode } from './visitor-token.error';
import { AGENT_PRESENCE_AUDIENCE, VisitorTokenVerifier } from './visitor-token.verifier';

const CURRENT = 'acme-current-secret-0123456789abcdef';
const PREVIOUS = 'acme-previous-secret-0123456789abcdef';
const ANONYMOUS = 'anonymous-token-secret-0123456789abcdef';
const acme: ChatTenant = { tenantId: 'acme', origins: ['*'], anonymous: true, inbox: 'web-widget', secrets: [CURRENT, PREVIOUS] };
const globex: ChatTenant = { tenantId: 'globex', origins: ['*'], anonymous: false, inbox: 'web-widget', secrets: ['globex-secret-0123456789abcdefghijkl'] };
const verifier = new VisitorTokenVerifier({ anonymousSecrets: [ANONYMOUS], anonymousTtlSeconds: 3600 });

function sign(secret: string, claims: Record<string, string>, expiresIn: string | number = '10m', alg = 'HS256'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg }).setSubject(claims['sub'] ?? 'user-981').setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}

async function refusal(tenant: ChatTenant, token: string): Promise<string> {
  try {
    await verifier.verify(tenant, token);
    return 'accepted';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('VisitorTokenVerifier', () => {
  it('accepts a token the tenant signed, with its verified email and phone', async () => {
    const token = await sign(CURRENT, { sub: 'user-981', email: 'Jane.Doe@Example.org', phone: '+4915112345678', name: 'Jane' });
    expect(await verifier.verify(acme, token)).toEqual({ tenantId: 'acme', visitorId: 'user-981', verified: true, email: 'jane.doe@example.org', phone: '+4915112345678', name: 'Jane' });
  });

  it('accepts the secret being rotated out as well as the current one', async () => {
    expect((await verifier.verify(acme, await sign(PREVIOUS, { sub: 'user-1' }))).visitorId).toBe('user-1');
  });

  it('refuses a forged signature, another tenant’s token and a retired secret', async () => {
    expect(await refusal(acme, await sign('attacker-secret-0123456789abcdefghij', { sub: 'user-1' }))).toBe(VisitorTokenErrorCode.SignatureInvalid);
    expect(await refusal(globex, await sign(CURRENT, { sub: 'user-1' }))).toBe(VisitorTokenErrorCode.SignatureInvalid);
    const rotated: ChatTenant = { ...acme, secrets: [CURRENT] };
    expect(await refusal(rotated, await sign(PREVIOUS, { sub: 'user-1' }))).toBe(VisitorTokenErrorCode.SignatureInvalid);
  });

  it('refuses an expired token, one without expiry, and a tampered payload', async () => {
    expect(await refusal(acme, await sign(CURRENT, { sub: 'user-1' }, Math.floor(Date.now() / 1000) - 120))).toBe(VisitorTokenErrorCode.Expired);
    const noExpiry = await new SignJWT({ sub: 'user-1' }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(CURRENT));
    expect(await refusal(acme, noExpiry)).toBe(VisitorTokenErrorCode.ClaimsInvalid);
    const [head, , signature] = (await sign(CURRENT, { sub: 'user-1' })).split('.');
    const forgedBody = Buffer.from(JSON.stringify({ sub: 'admin', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
    expect(await refusal(acme, `${head ?? ''}.${forgedBody}.${signature ?? ''}`)).toBe(VisitorTokenErrorCode.SignatureInvalid);
  });

  it('refuses alg none, another algorithm and garbage', async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'u', exp: 9_999_999_999 })).toString('base64url')}.`;
    expect(await refusal(acme, none)).toBe(VisitorTokenErrorCode.Malformed);
    expect(await refusal(acme, await sign(CURRENT, { sub: 'user-1' }, '10m', 'HS512'))).toBe(VisitorTokenErrorCode.Malformed);
    expect(await refusal(acme, 'not-a-jwt')).toBe(VisitorTokenErrorCode.Malformed);
  });

  it('refuses malformed identity claims and a tenant subject posing as an anonymous visitor', async () => {
    expect(await refusal(acme, await sign(CURRENT, { sub: 'user-1', phone: '0151 123' }))).toBe(VisitorTokenErrorCode.ClaimsInvalid);
    expect(await refusal(acme, await sign(CURRENT, { sub: 'user-1', email: 'not-an-email' }))).toBe(VisitorTokenErrorCode.ClaimsInvalid);
    expect(await refusal(acme, await sign(CURRENT, { sub: 'anon-123' }))).toBe(VisitorTokenErrorCode.ClaimsInvalid);
  });

  it('issues anonymous tokens that bring the same visitor back, for their tenant only', async () => {
    const { visitor, token } = await verifier.issueAnonymous(acme);
    expect(visitor).toMatchObject({ tenantId: 'acme', verified: false });
    expect(visitor.visitorId).toMatch(/^anon-/);
    expect(await verifier.verify(acme, token)).toEqual(visitor);
    expect(await refusal(globex, token)).toBe(VisitorTokenErrorCode.SignatureInvalid);
    await expect(verifier.issueAnonymous(globex)).rejects.toMatchObject({ code: VisitorTokenErrorCode.AnonymousNotAllowed });
  });

  it('refuses an anonymous token once its tenant stops admitting anonymous visitors', async () => {
    const { token } = await verifier.issueAnonymous(acme);
    expect(await refusal({ ...acme, anonymous: false }, token)).toBe(VisitorTokenErrorCode.AnonymousNotAllowed);
  });

  describe('agent presence', () => {
    // Whole seconds, as a token's expiry is.
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const presence = (secret: string, online: unknown, expiresAt: number, audience = AGENT_PRESENCE_AUDIENCE): Promise<string> =>
      new SignJWT({ online }).setProtectedHeader({ alg: 'HS256' }).setSubject('helpdesk').setAudience(audience).setExpirationTime(expiresAt).sign(new TextEncoder().encode(secret));
    const at = (seconds: number): number => Math.floor(now.getTime() / 1000) + seconds;
    const presenceRefusal = async (token: string): Promise<string> => {
      try {
        await verifier.verifyAgentPresence(acme, token, now);
        return 'accepted';
      } catch (error) {
        return (error as { code: string }).code;
      }
    };

    it('keeps the agents online until the heartbeat expires, at most an hour, and offline at once', async () => {
      expect(await verifier.verifyAgentPresence(acme, await presence(PREVIOUS, true, at(120)), now)).toEqual({ online: true, until: new Date(now.getTime() + 120_000) });
      expect((await verifier.verifyAgentPresence(acme, await presence(CURRENT, true, at(86_400)), now)).until).toEqual(new Date(now.getTime() + 3_600_000));
      expect(await verifier.verifyAgentPresence(acme, await presence(CURRENT, false, at(120)), now)).toEqual({ online: false, until: now });
    });

    it("refuses another tenant's secret, a visitor token, and a heartbeat without a yes or no", async () => {
      expect(await presenceRefusal(await presence('attacker-secret-0123456789abcdefghij', true, at(60)))).toBe(VisitorTokenErrorCode.SignatureInvalid);
      expect(await presenceRefusal(await sign(CURRENT, { sub: 'user-1' }))).toBe(VisitorTokenErrorCode.ClaimsInvalid);
      expect(await presenceRefusal(await presence(CURRENT, 'yes', at(60)))).toBe(VisitorTokenErrorCode.ClaimsInvalid);
    });

    it('is never taken for a visitor token', async () => {
      expect(await refusal(acme, await presence(CURRENT, true, at(60)))).toBe(VisitorTokenErrorCode.ClaimsInvalid);
    });
  });
});
