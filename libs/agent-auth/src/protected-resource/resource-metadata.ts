import type { ProtectedResourceEntry } from './protected-resource-entry.js';

/** The RFC 9728 §2 document of a protected resource, as served at its well-known URLs. */
export interface ProtectedResourceMetadata {
  readonly resource: string;
  readonly authorization_servers: readonly string[];
  readonly scopes_supported?: readonly string[];
  /** Always `['header']`: the resource takes tokens from the Authorization header only. */
  readonly bearer_methods_supported: readonly string[];
  readonly resource_name?: string;
}

/** The metadata document of one resource, from its options. */
export function resourceMetadata(entry: ProtectedResourceEntry): ProtectedResourceMetadata {
  const { resource, authorizationServers, name } = entry.options;
  return Object.freeze({
    resource,
    authorization_servers: Object.freeze([...authorizationServers]),
    ...(entry.scopesSupported.length > 0 ? { scopes_supported: entry.scopesSupported } : {}),
    bearer_methods_supported: Object.freeze(['header']),
    ...(name === undefined ? {} : { resource_name: name }),
  });
}
