import { Injectable, NotFoundException } from '@nestjs/common';
import type { AuthContext } from 'nest-agent-auth';

/** An agent the demo server exposes. */
export interface Agent {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

const AGENTS: readonly Agent[] = [
  { id: 'support', name: 'Support agent', description: 'Answers customer questions.' },
  { id: 'research', name: 'Research agent', description: 'Summarises documents.' },
];

/** A stand-in for an LLM-backed agent runtime: replies depend on who is asking, as real agent instructions do. */
@Injectable()
export class AgentsService {
  list(): readonly Agent[] {
    return AGENTS;
  }

  get(id: string): Agent {
    const agent = AGENTS.find((candidate) => candidate.id === id);
    if (!agent) throw new NotFoundException(`No agent "${id}"`);
    return agent;
  }

  /** Runs an agent on a text input on behalf of the authenticated caller. */
  reply(id: string, input: string, caller: AuthContext): { agentId: string; userId: string; text: string } {
    const agent = this.get(id);
    const role = caller.roles.includes('admin') ? 'admin' : (caller.roles[0] ?? 'user');
    return {
      agentId: agent.id,
      userId: caller.userId,
      text: `[${agent.name}] Hello ${caller.userId} (${role}), you said: ${input}`,
    };
  }
}
