import { Inject, Injectable } from '@nestjs/common';
import { AGENT_AUTH_OPTIONS } from '../agent-auth.constants.js';
import type { AuthContext } from '../auth-context.js';
import type { AgentAuthModuleOptions } from '../options/agent-auth-module.options.js';
import { findCurrentAuth } from '../principal/current-auth.js';
import { isForResource } from './resource-access.js';
import { resourceMetadata, type ProtectedResourceMetadata } from './resource-metadata.js';
import { protectedResourceEntries, resourceRequirement, type ProtectedResourceEntry } from './protected-resource-entry.js';

/**
 * The `protectedResources` of the module, for code that serves them: their metadata, and which of their tools a
 * principal (the current request's by default) may call, to answer an MCP `tools/list` with those only.
 * @example server.registerTool(...) for each tool of resources.callableTools(MCP_URI, TOOLS)
 */
@Injectable()
export class ProtectedResources {
  private readonly entries: ReadonlyMap<string, ProtectedResourceEntry>;

  constructor(@Inject(AGENT_AUTH_OPTIONS) options: AgentAuthModuleOptions) {
    this.entries = new Map(protectedResourceEntries(options.protectedResources).map((entry) => [entry.options.resource, entry]));
  }

  /** The canonical URIs of the configured resources, in order. */
  uris(): string[] {
    return [...this.entries.keys()];
  }

  /** A resource's RFC 9728 metadata document. @throws Error for a URI no `protectedResources` entry has. */
  metadata(resource: string): ProtectedResourceMetadata {
    return resourceMetadata(this.entry(resource));
  }

  /**
   * Whether a principal may call a tool of the resource, as the guard decides a `tools/call`: a token for the resource
   * holding its scopes and the tool's; a tool `tools` does not name is never callable (when `tools` is given).
   * @param auth the principal; the current request's by default (none: false).
   */
  mayCallTool(resource: string, tool: string, auth: AuthContext | undefined = findCurrentAuth()): boolean {
    const entry = this.entry(resource);
    if (auth === undefined || !isForResource(auth, resourceRequirement(entry, []))) return false;
    const needed = entry.tools === undefined ? [] : entry.tools.get(tool);
    return needed !== undefined && [...(entry.options.scopes ?? []), ...needed].every((scope) => auth.scopes.includes(scope));
  }

  /** The tools of a list the principal may call (see {@link mayCallTool}), in order: what `tools/list` should show it. */
  callableTools<T extends { readonly name: string }>(resource: string, tools: readonly T[], auth: AuthContext | undefined = findCurrentAuth()): T[] {
    return tools.filter((tool) => this.mayCallTool(resource, tool.name, auth));
  }

  private entry(resource: string): ProtectedResourceEntry {
    const entry = this.entries.get(resource);
    if (entry === undefined) throw new Error(`ProtectedResources: ${JSON.stringify(resource)} is not one of the protectedResources`);
    return entry;
  }
}
