import { Controller, Get, Param } from '@nestjs/common';
import { TenantScoped } from 'nest-agent-auth';
import { AgentsService, type Agent } from './agents.service.js';

/** A tenant's agent catalogue: only members of that tenant (the token's `tenant_id`) may read it; others get 403 `wrong_tenant`. */
@Controller('tenants/:tenantId/agents')
@TenantScoped({ param: 'tenantId' })
export class TenantAgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  list(@Param('tenantId') tenantId: string): { tenantId: string; agents: readonly Agent[] } {
    return { tenantId, agents: this.agents.list() };
  }
}
