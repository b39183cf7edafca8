import { Field, ObjectType } from '@nestjs/graphql';

/** What an agent run answers: the agent, the caller it ran for, and its reply. */
@ObjectType('AgentReply')
export class AgentReplyModel {
  @Field()
  readonly agentId!: string;
  @Field()
  readonly userId!: string;
  @Field()
  readonly text!: string;
}
