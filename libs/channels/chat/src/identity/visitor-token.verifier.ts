import { randomUUID } from 'node:crypto';
import { ContactIdentitySchema } from '@tributary/contracts';
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { ChatTenant } from './chat-tenant';
import { ANONYMOUS_VISITOR_PREFIX, type Visitor } from './visitor';
import { VisitorTokenError, VisitorTokenErrorCode } from './visitor-token.error';

/** The issuer of anonymous tokens, so one is never taken for a tenant's. */
export const ANONYMOUS_TOKEN_ISSUER = 'tributary-chat';
/** The audience of a tenant's agent-presence heartbeat, so one is never taken for a visitor's token (nor the reverse). */
export const AGENT_PRESENCE_AUDIENCE = 'tributary-chat:agents';
/** The longest one heartbeat keeps a tenant's agents online, whatever its expiry says. */
export const MAX_PRESENCE_SECONDS = 3_600;

/** What a tenant's agent-presence heartbeat said. */
export interface AgentPresence {
  readonly online: boolean;
  /** Online until then (the token's expiry, at most an hour away); now when offline. */
  readonly until: Date;
}

export interface VisitorTokenVerifierOptions {
  /** chat-ingest's own secrets for anonymous tokens, newest first: the first signs, all verify. */
  readonly anonymousSecrets: readonly string[];
  readonly anonymousTtlSeconds: number;
  /** Seconds of clock skew tolerated on `exp`, `nbf`, `iat`. */
  readonly clockToleranceSeconds?: number;
}

const encoder = new TextEncoder();

/**
 * Verifies the tokens a widget presents in `hello`: an HS256 JWT the tenant's backend signed (any
 * of its configured secrets, so one can be rotated without a gap), or an anonymous token this
 * service issued. Only HS256 is accepted: `alg: none` and public-key algorithms are refused
 * outright, so a token cannot choose how it is checked.
 */
export class VisitorTokenVerifier {
  constructor(private readonly options: VisitorTokenVerifierOptions) {}

  async verify(tenant: ChatTenant, token: string): Promise<Visitor> {
    const anonymous = await this.tryVerify(token, this.options.anonymousSecrets, { issuer: ANONYMOUS_TOKEN_ISSUER, audience: tenant.tenantId });
    if (anonymous) return this.anonymousVisitor(tenant, anonymous);
    const payload = await this.tryVerify(token, tenant.secrets, {});
    if (!payload) throw new VisitorTokenError(VisitorTokenErrorCode.SignatureInvalid, 'token not signed with a secret of this tenant');
    return signedVisitor(tenant.tenantId, payload);
  }

  /**
   * A tenant's agent-presence heartbeat: an HS256 JWT signed with one of the tenant's secrets, for
   * the audience AGENT_PRESENCE_AUDIENCE, with `sub` (who says so: the helpdesk), `exp`, and
   * `online` (true or false). Online lasts until the token expires, at most an hour.
   */
  async verifyAgentPresence(tenant: ChatTenant, token: string, now = new Date()): Promise<AgentPresence> {
    const payload = await this.tryVerify(token, tenant.secrets, { audience: AGENT_PRESENCE_AUDIENCE });
    if (!payload) throw new VisitorTokenError(VisitorTokenErrorCode.SignatureInvalid, 'token not signed with a secret of this tenant');
    const online = payload['online'];
    if (typeof online !== 'boolean') throw new VisitorTokenError(VisitorTokenErrorCode.ClaimsInvalid, 'online must be true or false');
    const expires = (payload.exp ?? 0) * 1000;
    return { online, until: online ? new Date(Math.min(expires, now.getTime() + MAX_PRESENCE_SECONDS * 1000)) : now };
  }

  /** A new anonymous visitor and the token that brings it back on the next visit. */
  async issueAnonymous(tenant: ChatTenant): Promise<{ visitor: Visitor; token: string }> {
    if (!tenant.anonymous) throw new VisitorTokenError(VisitorTokenErrorCode.AnonymousNotAllowed, 'this tenant admits signed visitors only');
    const [secret] = this.options.anonymousSecrets;
    if (secret === undefined) throw new VisitorTokenError(VisitorTokenErrorCode.AnonymousNotAllowed, 'no anonymous token secret is configured');
    const visitorId = `${ANONYMOUS_VISITOR_PREFIX}${randomUUID()}`;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ANONYMOUS_TOKEN_ISSUER)
      .setAudience(tenant.tenantId)
      .setSubject(visitorId)
      .setIssuedAt()
      .setExpirationTime(`${this.options.anonymousTtlSeconds}s`)
      .sign(encoder.encode(secret));
    return { visitor: { tenantId: tenant.tenantId, visitorId, verified: false }, token };
  }

  private anonymousVisitor(tenant: ChatTenant, payload: JWTPayload): Visitor {
    if (!tenant.anonymous) throw new VisitorTokenError(VisitorTokenErrorCode.AnonymousNotAllowed, 'this tenant admits signed visitors only');
    const sub = payload.sub ?? '';
    if (!sub.startsWith(ANONYMOUS_VISITOR_PREFIX)) throw new VisitorTokenError(VisitorTokenErrorCode.ClaimsInvalid, 'anonymous token without an anonymous subject');
    return { tenantId: tenant.tenantId, visitorId: sub, verified: false };
  }

  /** The payload under the first secret whose signature matches, or undefined when none does. */
  private async tryVerify(token: string, secrets: readonly string[], expect: { issuer?: string; audience?: string }): Promise<JWTPayload | undefined> {
    for (const secret of secrets) {
      try {
        const { payload } = await jwtVerify(token, encoder.encode(secret), {
          algorithms: ['HS256'],
          requiredClaims: ['exp', 'sub'],
          clockTolerance: this.options.clockToleranceSeconds ?? 30,
          ...expect,
        });
        return payload;
      } catch (error) {
        // jose checks the signature before the claims: past this, the token is genuinely ours.
        if (error instanceof errors.JWSSignatureVerificationFailed) continue;
        if (error instanceof errors.JWTExpired) throw new VisitorTokenError(VisitorTokenErrorCode.Expired, 'token expired');
        if (error instanceof errors.JWTClaimValidationFailed) {
          // A claim mismatch under the anonymous issuer's check may just mean a tenant token: let the caller try those.
          if (expect.issuer !== undefined && (error.claim === 'iss' || error.claim === 'aud')) return undefined;
          throw new VisitorTokenError(VisitorTokenErrorCode.ClaimsInvalid, `claim ${error.claim}: ${error.reason}`);
        }
        throw new VisitorTokenError(VisitorTokenErrorCode.Malformed, 'not an HS256 JWT');
      }
    }
    return undefined;
  }
}

/** A tenant-signed visitor: `sub` is its user id; `email` and `phone` become verified identities when well-formed. */
function signedVisitor(tenantId: string, payload: JWTPayload): Visitor {
  const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
  if (audiences.includes(AGENT_PRESENCE_AUDIENCE)) throw new VisitorTokenError(VisitorTokenErrorCode.ClaimsInvalid, 'an agent-presence token is not a visitor token');
  const sub = payload.sub ?? '';
  if (sub.length === 0 || sub.length > 256 || sub.startsWith(ANONYMOUS_VISITOR_PREFIX)) {
    throw new VisitorTokenError(VisitorTokenErrorCode.ClaimsInvalid, `sub must be 1-256 characters, not starting with ${ANONYMOUS_VISITOR_PREFIX}`);
  }
  const email = typeof payload['email'] === 'string' ? payload['email'].trim().toLowerCase() : undefined;
  const phone = typeof payload['phone'] === 'string' ? payload['phone'].trim() : undefined;
  const name = typeof payload['name'] === 'string' ? payload['name'].trim().slice(0, 256) : undefined;
  if (email !== undefined && !ContactIdentitySchema.safeParse({ kind: 'email', value: email }).success) {
    throw new VisitorTokenError(VisitorTokenErrorCode.ClaimsInvalid, 'email is not an email address');
  }
  if (phone !== undefined && !ContactIdentitySchema.safeParse({ kind: 'phone', value: phone }).success) {
    throw new VisitorTokenError(VisitorTokenErrorCode.ClaimsInvalid, 'phone must be E.164');
  }
  return { tenantId, visitorId: sub, verified: true, ...(email ? { email } : {}), ...(phone ? { phone } : {}), ...(name ? { name } : {}) };
}
