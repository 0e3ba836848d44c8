import { Controller, Headers, HttpCode, Inject, NotFoundException, Put, Query, UnauthorizedException } from '@nestjs/common';
import { AgentPresenceRepository, VisitorTokenError, VisitorTokenVerifier, type ChatTenant } from '@tributary/channel-chat';
import { CHAT_TENANTS } from './chat-ingest.tokens';

/**
 * `PUT /chat/agents?tenant=<id>` with `Authorization: Bearer <heartbeat>`: a tenant's helpdesk says
 * whether its agents are online (the heartbeat is a JWT the tenant's backend signs, see
 * VisitorTokenVerifier.verifyAgentPresence). While they are, a tenant with the offline form does
 * not ask visitors for an email first; the helpdesk sends the next heartbeat before this one runs
 * out. Answers 204; 401 for a token that is not a valid heartbeat, 404 for an unknown tenant.
 */
@Controller('chat/agents')
export class AgentPresenceController {
  constructor(
    private readonly verifier: VisitorTokenVerifier,
    private readonly presence: AgentPresenceRepository,
    @Inject(CHAT_TENANTS) private readonly tenants: ReadonlyMap<string, ChatTenant>,
  ) {}

  @Put()
  @HttpCode(204)
  async heartbeat(@Query('tenant') tenantId: string | undefined, @Headers('authorization') authorization: string | undefined): Promise<void> {
    const tenant = tenantId === undefined ? undefined : this.tenants.get(tenantId);
    if (!tenant) throw new NotFoundException('no chat tenant of that id');
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (token === undefined) throw new UnauthorizedException('an agent-presence heartbeat is required as a bearer token');
    try {
      const said = await this.verifier.verifyAgentPresence(tenant, token);
      await this.presence.setOnlineUntil(tenant.tenantId, said.until);
    } catch (error) {
      if (error instanceof VisitorTokenError) throw new UnauthorizedException(`${error.code}: ${error.message}`);
      throw error;
    }
  }
}
