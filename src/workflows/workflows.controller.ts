import { Controller, Param, Post } from '@nestjs/common';
import { AuthUser, Roles, UseAuth } from 'nest-agent-auth';
import { WorkflowsService, type WorkflowExecution } from './workflows.service.js';

/** Workflows: run, resume and cancel executions; operators and admins only. Runs also take API keys (CI callers). */
@Controller('workflows/:id')
@Roles('operator', 'admin')
export class WorkflowsController {
  constructor(private readonly workflows: WorkflowsService) {}

  @UseAuth('jwt', 'api-key')
  @Post('run')
  run(@Param('id') id: string, @AuthUser('userId') userId: string): WorkflowExecution {
    return this.workflows.run(id, userId);
  }

  @Post('executions/:executionId/resume')
  resume(@Param('id') id: string, @Param('executionId') executionId: string): WorkflowExecution {
    return this.workflows.transition(id, executionId, 'running');
  }

  @Post('executions/:executionId/cancel')
  cancel(@Param('id') id: string, @Param('executionId') executionId: string): WorkflowExecution {
    return this.workflows.transition(id, executionId, 'cancelled');
  }
}
