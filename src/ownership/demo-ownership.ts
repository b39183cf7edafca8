import { Injectable } from '@nestjs/common';
import type { OwnershipResolver, ResourceOwner } from 'nest-agent-auth';
import { ConversationsService } from '../conversations/conversations.service.js';
import { WorkflowsService } from '../workflows/workflows.service.js';

/** Who owns the demo's conversations and workflow executions, for `@OwnedResource()`. */
@Injectable()
export class DemoOwnership implements OwnershipResolver {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly workflows: WorkflowsService,
  ) {}

  owner(resource: string, id: string): ResourceOwner | undefined {
    if (resource === 'conversation') return this.conversations.ownerOf(id);
    if (resource === 'execution') return this.workflows.ownerOf(id);
    return undefined;
  }
}
