import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { Agent } from '../agents/agents.service.js';

/** An agent, as the GraphQL API shows it. */
@ObjectType('Agent')
export class AgentModel implements Agent {
  @Field(() => ID)
  readonly id!: string;
  @Field()
  readonly name!: string;
  @Field()
  readonly description!: string;
}
