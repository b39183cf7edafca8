import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/** The state of one workflow execution. */
export interface WorkflowExecution {
  readonly id: string;
  readonly workflowId: string;
  readonly status: 'running' | 'suspended' | 'cancelled';
  readonly startedBy: string;
}

/** An in-memory workflow engine: enough to show who may run, resume and cancel executions. */
@Injectable()
export class WorkflowsService {
  private readonly executions = new Map<string, WorkflowExecution>();

  run(workflowId: string, startedBy: string): WorkflowExecution {
    const execution: WorkflowExecution = { id: randomUUID(), workflowId, status: 'suspended', startedBy };
    this.executions.set(execution.id, execution);
    return execution;
  }

  transition(workflowId: string, executionId: string, status: WorkflowExecution['status']): WorkflowExecution {
    const execution = this.executions.get(executionId);
    if (!execution || execution.workflowId !== workflowId) throw new NotFoundException(`No execution "${executionId}"`);
    const next = { ...execution, status };
    this.executions.set(executionId, next);
    return next;
  }
}
