/** What `@Roles` or `@AllRoles` asks: the roles and whether one or all of them are needed. */
export interface RoleRequirement {
  readonly roles: readonly string[];
  readonly match: 'any' | 'all';
}

/** Whether a route needs credentials. */
export type RouteAccess = 'public' | 'optional' | 'required';

/** Everything the guard needs to know about one route, resolved once at startup. */
export interface RoutePolicy {
  readonly access: RouteAccess;
  /** Strategies tried in order (from `@UseAuth`, else the module's `strategies`). */
  readonly strategies: readonly string[];
  /** From `@Roles` / `@AllRoles` on the class, then on the handler: every one must be met (empty: none). */
  readonly roles: readonly RoleRequirement[];
  /** From `@Scopes` on the class and on the handler: all are needed. */
  readonly scopes: readonly string[];
  /** The declared routes (`GET /api/agents/:id`) the policy was resolved for; empty for non-HTTP handlers. */
  readonly routes: readonly string[];
  /** From `@AllowQueryToken()`: the query parameter a bearer token may be sent in (GET only; `?ticket=` too). */
  readonly queryToken?: string;
  /** An `@Sse()` stream, closed when the credential that opened it expires (unless `streaming.closeAtExpiry` is false). */
  readonly closeAtExpiry: boolean;
  /** The handler, as `Controller.method`. */
  readonly handler: string;
}

/** What the decorators of one handler and its class say. */
export interface RouteAnnotations {
  readonly isPublic: boolean;
  readonly isOptional: boolean;
  readonly strategies?: readonly string[];
  /** The class's requirement and the handler's, each to be met. */
  readonly roles: readonly RoleRequirement[];
  /** The class's scopes and the handler's. */
  readonly scopes: readonly string[];
  readonly queryToken?: string;
}

/** How patterns classified a handler's declared routes: only when every route matches does a pattern apply. */
export interface PatternVerdict {
  readonly allPublic: boolean;
  readonly allProtected: boolean;
}

/**
 * Decides a route's access. Decorators win over patterns; a role or scope requirement makes a route private even
 * under `@Public()` or `@OptionalAuth()`; `protectedRoutes` wins over `publicRoutes`; `defaultPrivate` decides the rest.
 */
export function resolveAccess(annotations: RouteAnnotations, patterns: PatternVerdict, defaultPrivate: boolean): RouteAccess {
  if (annotations.roles.length > 0 || annotations.scopes.length > 0) return 'required';
  if (annotations.isOptional) return 'optional';
  if (annotations.isPublic) return 'public';
  if (annotations.strategies !== undefined) return 'required';
  if (patterns.allProtected) return 'required';
  if (patterns.allPublic) return 'public';
  return defaultPrivate ? 'required' : 'public';
}
