import { Injectable } from '@nestjs/common';
import { AuthorizationService, CurrentAuth } from 'nest-agent-auth';

/** The prefix of a message that makes the agent call its web search tool: `/search <query>`. */
export const SEARCH_COMMAND = '/search ';

/**
 * A tool an agent calls in the middle of a run, as an LLM would: it checks, where it runs, that the caller may use
 * it (`tools:web-search:use`, granted to operators by the demo's `rolePermissions`); a caller who may not gets
 * 403 `insufficient_permission`, and the decision is an auth event.
 */
@Injectable()
export class WebSearchTool {
  constructor(
    private readonly authorization: AuthorizationService,
    private readonly current: CurrentAuth,
  ) {}

  search(query: string): string {
    this.authorization.assert('tools:{tool}:use', { tool: 'web-search' });
    const { userId, tenantId } = this.current.get();
    return `3 results for "${query}" (searched for ${userId}${tenantId ? ` in ${tenantId}` : ''})`;
  }
}
