import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { OwnedResource, Permissions, type OwnershipResolver, type ResourceOwner } from 'nest-agent-auth';
import { AgentsService, type Agent } from '../../src/agents/agents.service.js';

/** The owner the benchmark's in-memory resolver reports for every agent: the subject of the benchmark tokens. */
const BENCH_OWNER: ResourceOwner = Object.freeze({ ownerId: 'bench-user' });

/** The demo's `GET /agents/:id` behind a permission and an ownership check, for the `authorized` mode. */
@Controller('owned-agents')
export class OwnedAgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Permissions('agents:{id}:read')
  @OwnedResource('agent', 'id')
  @Get(':id')
  get(@Param('id') id: string): Agent {
    return this.agents.get(id);
  }
}

/** An in-memory ownership lookup: every agent belongs to the benchmark's subject. */
@Injectable()
export class BenchOwnership implements OwnershipResolver {
  owner(): ResourceOwner {
    return BENCH_OWNER;
  }
}
