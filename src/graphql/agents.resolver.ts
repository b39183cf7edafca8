import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AgentsService } from '../agents/agents.service.js';
import { AgentReplyModel } from './agent-reply.model.js';
import { AgentModel } from './agent.model.js';

/** The agents over GraphQL at `/graphql`, protected like their REST routes (any authenticated caller). */
@Resolver(() => AgentModel)
export class AgentsResolver {
  constructor(private readonly service: AgentsService) {}

  /** `GET /agents` */
  @Query(() => [AgentModel])
  agents(): readonly AgentModel[] {
    return this.service.list();
  }

  /** `POST /agents/:id/text` */
  @Mutation(() => AgentReplyModel)
  runAgent(@Args('id') id: string, @Args('input') input: string): AgentReplyModel {
    return this.service.reply(id, input);
  }
}
