import { Injectable, NotFoundException, type MessageEvent } from '@nestjs/common';
import { CurrentAuth } from 'nest-agent-auth';
import { concat, concatMap, interval, map, of, take, timer, type Observable } from 'rxjs';

/** An agent the demo server exposes. */
export interface Agent {
  readonly id: string;
  readonly name: string;
  readonly description: string;
}

/** Runs one event stream carries at most (every demo stream ends). */
const MAX_RUNS_PER_STREAM = 100;

const AGENTS: readonly Agent[] = [
  { id: 'support', name: 'Support agent', description: 'Answers customer questions.' },
  { id: 'research', name: 'Research agent', description: 'Summarises documents.' },
];

/**
 * A stand-in for an LLM-backed agent runtime: replies depend on who is asking, as real agent instructions do. The
 * caller is read from the request being served ({@link CurrentAuth}), not passed down by every controller.
 */
@Injectable()
export class AgentsService {
  constructor(private readonly current: CurrentAuth) {}

  list(): readonly Agent[] {
    return AGENTS;
  }

  get(id: string): Agent {
    const agent = AGENTS.find((candidate) => candidate.id === id);
    if (!agent) throw new NotFoundException(`No agent "${id}"`);
    return agent;
  }

  /**
   * Streams the runs of an agent for the caller, as SSE events: `started`, one `delta` per word of the answer,
   * then `completed`; a new run starts every four seconds, as a busy agent's would.
   */
  events(id: string): Observable<MessageEvent> {
    const agent = this.get(id);
    const caller = this.current.get();
    const words = `${agent.name} is working for ${caller.userId}: reading, thinking, answering.`.split(' ');
    const run = (runId: number): Observable<MessageEvent> =>
      concat(
        of({ type: 'started', data: { agentId: agent.id, runId, userId: caller.userId } }),
        interval(250).pipe(
          take(words.length),
          map((i) => ({ type: 'delta', data: { runId, text: words[i] } })),
        ),
        of({ type: 'completed', data: { runId } }),
      );
    return timer(0, 4000).pipe(take(MAX_RUNS_PER_STREAM), concatMap(run));
  }

  /** Runs an agent on a text input on behalf of the authenticated caller. */
  reply(id: string, input: string): { agentId: string; userId: string; text: string } {
    const agent = this.get(id);
    const caller = this.current.get();
    const role = caller.roles.includes('admin') ? 'admin' : (caller.roles[0] ?? 'user');
    return {
      agentId: agent.id,
      userId: caller.userId,
      text: `[${agent.name}] Hello ${caller.userId} (${role}), you said: ${input}`,
    };
  }
}
