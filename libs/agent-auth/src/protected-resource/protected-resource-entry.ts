import type { ProtectedResourceOptions } from '../options/protected-resource.options.js';
import { matchesRoute, parseRoutePattern, splitRoutePath, type RoutePattern } from '../policy/route-pattern.js';
import type { ResourceRequirement } from '../policy/route-policy.js';
import { resourceMetadataUrl, resourcePath } from './canonical-resource.js';

/** One `protectedResources` entry, resolved once at startup: what the route policies and its metadata are built from. */
export interface ProtectedResourceEntry {
  /** Its place in `protectedResources`, for messages. */
  readonly index: number;
  readonly options: ProtectedResourceOptions;
  /** The path of its URI (`/mcp`; `''` for an origin): its routes must be served under it. */
  readonly path: string;
  readonly metadataUrl: string;
  /** Its path prefixes (`paths`, else its URI's path), each as the pattern `<prefix>/**`. */
  readonly prefixes: readonly RoutePattern[];
  /** `scopes_supported`: the configured list, else its scopes and every tool's. */
  readonly scopesSupported: readonly string[];
  readonly tools?: ReadonlyMap<string, readonly string[]>;
}

/** Resolves the validated `protectedResources` entries. */
export function protectedResourceEntries(resources: readonly ProtectedResourceOptions[] | undefined): ProtectedResourceEntry[] {
  return (resources ?? []).map((options, index) => {
    const path = resourcePath(options.resource);
    const prefixes = options.paths ?? (path === '' ? [] : [path]);
    const tools =
      options.tools === undefined ? undefined : new Map(Object.entries(options.tools).map(([name, scopes]) => [name, Object.freeze([...scopes])]));
    const toolScopes = [...(tools?.values() ?? [])].flat();
    return Object.freeze({
      index,
      options,
      path,
      metadataUrl: resourceMetadataUrl(options.resource),
      prefixes: prefixes.map((prefix) => parseRoutePattern(`${prefix.replace(/\/+$/, '')}/**`)),
      scopesSupported: Object.freeze(options.scopesSupported ?? [...new Set([...(options.scopes ?? []), ...toolScopes])]),
      tools,
    });
  });
}

/** Whether every one of a handler's declared routes lies under one of the resource's path prefixes. */
export function coversRoutes(entry: ProtectedResourceEntry, routes: readonly { method: string; path: string }[], caseSensitive: boolean): boolean {
  return (
    routes.length > 0 &&
    routes.every((route) => entry.prefixes.some((prefix) => matchesRoute(prefix, route.method, splitRoutePath(route.path), caseSensitive)))
  );
}

/** What the guard checks on a route of the resource whose scopes (its own included) are `routeScopes`. */
export function resourceRequirement(entry: ProtectedResourceEntry, routeScopes: readonly string[]): ResourceRequirement {
  return Object.freeze({
    uri: entry.options.resource,
    metadataUrl: entry.metadataUrl,
    challengeScopes: routeScopes.length > 0 ? routeScopes : entry.scopesSupported,
    tools: entry.tools,
  });
}

/** Whether a declared path is the resource's path or lies under it (so the resource URI names where it is served). */
export function servedUnder(entry: ProtectedResourceEntry, declaredPath: string): boolean {
  return entry.path === '' || declaredPath === entry.path || declaredPath.startsWith(`${entry.path}/`);
}
