import { Controller, Get, Param, Post } from '@nestjs/common';
import { OwnedResource, Roles, UseAuth } from 'nest-agent-auth';
import { WorkflowsService, type WorkflowExecution } from './workflows.service.js';

/**
 * Workflows: run, resume and cancel executions; operators and admins only. Runs also take API keys (CI callers).
 * An execution belongs to whoever started it: reading, resuming or cancelling another user's is answered 404, and
 * the list holds the caller's own only.
 */
@Controller('workflows/:id')
@Roles('operator', 'admin')
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  @UseAuth('jwt', 'api-key')
  @Post('run')
  run(@Param('id') id: string): WorkflowExecution {
    return this.workflows.run(id);
  }

  @Get('executions')
  list(@Param('id') id: string): WorkflowExecution[] {
    return this.workflows.listOwn(id);
  }

  @OwnedResource('execution', 'executionId')
  @Get('executions/:executionId')
  get(@Param('id') id: string, @Param('executionId') executionId: string): WorkflowExecution {
    return this.workflows.get(id, executionId);
  }

  @OwnedResource('execution', 'executionId')
  @Post('executions/:executionId/resume')
  resume(@Param('id') id: string, @Param('executionId') executionId: string): WorkflowExecution {
    return this.workflows.transition(id, executionId, 'running');
  }

  @OwnedResource('execution', 'executionId')
  @Post('executions/:executionId/cancel')
  cancel(@Param('id') id: string, @Param('executionId') executionId: string): WorkflowExecution {
    return this.workflows.transition(id, executionId, 'cancelled');
  }
}
