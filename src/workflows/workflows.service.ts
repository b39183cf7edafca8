import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CurrentAuth, type ResourceOwner } from 'nest-agent-auth';

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

  constructor(private readonly current: CurrentAuth) {}

  /** Starts an execution owned by the caller. */
  run(workflowId: string): WorkflowExecution {
    const execution: WorkflowExecution = { id: randomUUID(), workflowId, status: 'suspended', startedBy: this.current.get().userId };
    this.executions.set(execution.id, execution);
    return execution;
  }

  /** The executions the caller started, and nobody else's. */
  listOwn(workflowId: string): WorkflowExecution[] {
    const { userId } = this.current.get();
    return [...this.executions.values()].filter((execution) => execution.workflowId === workflowId && execution.startedBy === userId);
  }

  get(workflowId: string, executionId: string): WorkflowExecution {
    const execution = this.executions.get(executionId);
    if (!execution || execution.workflowId !== workflowId) throw new NotFoundException(`No execution "${executionId}"`);
    return execution;
  }

  /** Who started an execution, for the demo's `OwnershipResolver`. */
  ownerOf(executionId: string): ResourceOwner | undefined {
    const execution = this.executions.get(executionId);
    return execution && { ownerId: execution.startedBy };
  }

  transition(workflowId: string, executionId: string, status: WorkflowExecution['status']): WorkflowExecution {
    const execution = this.get(workflowId, executionId);
    const next = { ...execution, status };
    this.executions.set(executionId, next);
    return next;
  }
}
