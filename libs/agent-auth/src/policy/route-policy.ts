import type { Type } from '@nestjs/common';

/** What `@Roles` or `@AllRoles` asks: the roles and whether one or all of them are needed. */
export interface RoleRequirement {
  readonly roles: readonly string[];
  readonly match: 'any' | 'all';
}

/** One segment of a required permission: a literal, or the name of the param whose value fills it. */
export type PermissionSegment = { readonly literal: string } | { readonly param: string };

/** A required permission (`agents:{id}:run`), parsed where it is declared. */
export interface PermissionTemplate {
  /** As written (a rule's with its placeholders renamed to the declared route's params: `agents:{id}:run`). */
  readonly source: string;
  readonly segments: readonly PermissionSegment[];
  /** The params its placeholders name, in order. */
  readonly params: readonly string[];
}

/**
 * What `@Permissions` or `@AllPermissions` asks: permission templates (placeholders filled from the call's params)
 * and whether one or all of them are needed.
 */
export interface PermissionRequirement {
  readonly permissions: readonly PermissionTemplate[];
  readonly match: 'any' | 'all';
}

/** Where `@TenantScoped` reads the tenant a call acts in: a route param (message field) or a request header. */
export interface TenantRequirement {
  readonly source: 'param' | 'header';
  /** The param's name, or the header's name in lowercase. */
  readonly name: string;
}

/** What `@OwnedResource` asks: the resource type, the param naming its id, and a permission that overrides ownership. */
export interface OwnershipRequirement {
  /** The resource type given to the `OwnershipResolver` (`conversation`, `execution`, `thread`). */
  readonly resource: string;
  /** The param (message field) holding the resource's id. */
  readonly param: string;
  /** A permission (`conversations:{id}:read`) whose holders pass without owning the resource. */
  readonly bypass?: PermissionTemplate;
}

/** One client-sent identity field `@BindIdentity` ties to the principal: `body.requestContext.userId` → `userId`. */
export interface IdentityBinding {
  /** Where the field is read: the request body (a message's payload) or the query string. */
  readonly location: 'body' | 'query';
  /** The field's path inside it (`['requestContext', 'userId']`). */
  readonly path: readonly string[];
  /** The principal's field it must equal, and is filled from when absent. */
  readonly principal: 'userId' | 'tenantId';
}

/**
 * The `authorize` predicate of a `rules` entry, as applied to one handler: the app's class and the params it is
 * given, named as in the rule's pattern.
 */
export interface PredicateRequirement {
  /** The rule's route pattern, as written (`POST /agents/:agent/run`). */
  readonly rule: string;
  /** The app's injectable class implementing `RoutePredicate`, resolved at startup. */
  readonly predicate: Type;
  /** Each `:name` of the pattern: the declared route's param at its segment, or the literal the route has there. */
  readonly params: Readonly<Record<string, PermissionSegment>>;
}

/** The protected resource (`protectedResources`, `@ProtectedResource`) a route belongs to, as the guard checks it. */
export interface ResourceRequirement {
  /** Its canonical URI: a principal's `aud` must hold it. */
  readonly uri: string;
  /** Where its RFC 9728 metadata is served (`resource_metadata` of its challenges). */
  readonly metadataUrl: string;
  /** The `scope` of its 401 challenges: the route's scopes, else the resource's supported ones. */
  readonly challengeScopes: readonly string[];
  /** The scopes each tool needs, checked on JSON-RPC `tools/call`; undefined when tool calls are not checked. */
  readonly tools?: ReadonlyMap<string, readonly string[]>;
}

/** Whether a route needs credentials. */
export type RouteAccess = 'public' | 'optional' | 'required';

/** Everything the guard needs to know about one route, resolved once at startup. */
export interface RoutePolicy {
  readonly access: RouteAccess;
  /** Strategies tried in order (from `@UseAuth`, else the module's `strategies`). */
  readonly strategies: readonly string[];
  /** From `@Roles` / `@AllRoles` on the class, then on the handler, then the rules': every one must be met (empty: none). */
  readonly roles: readonly RoleRequirement[];
  /** From `@Scopes` on the class and on the handler, and the rules': all are needed. */
  readonly scopes: readonly string[];
  /** From `@Permissions` / `@AllPermissions` on the class, then on the handler, then the rules': every one must be met (empty: none). */
  readonly permissions: readonly PermissionRequirement[];
  /** From `@TenantScoped`: the call's tenant must be the principal's. */
  readonly tenant?: TenantRequirement;
  /** From `@OwnedResource`: each resource must be the principal's (checked with the `OwnershipResolver`). */
  readonly ownership: readonly OwnershipRequirement[];
  /** From `@BindIdentity`: client-sent identity fields that must equal the principal, or are filled from it. */
  readonly identity: readonly IdentityBinding[];
  /** From the `rules` option: each predicate must return true, checked after every other authorization check. */
  readonly predicates: readonly PredicateRequirement[];
  /** The `rules` entries (their route patterns) that add to this handler's requirements. */
  readonly rules: readonly string[];
  /** Whether any of permissions, tenant, ownership, identity or predicates applies: the flow skips authorization otherwise. */
  readonly authorizes: boolean;
  /** The declared routes (`GET /api/agents/:id`) the policy was resolved for; empty for non-HTTP handlers. */
  readonly routes: readonly string[];
  /** From `@AllowQueryToken()`: the query parameter a bearer token may be sent in (GET only; `?ticket=` too). */
  readonly queryToken?: string;
  /** An `@Sse()` stream, closed when the credential that opened it expires (unless `streaming.closeAtExpiry` is false). */
  readonly closeAtExpiry: boolean;
  /** The protected resource the route belongs to: header Bearer tokens with its `aud` only, its challenges, its tools' scopes. */
  readonly resource?: ResourceRequirement;
  /** The handler, as `Controller.method`. */
  readonly handler: string;
}

/** What the decorators of one handler and its class say. */
export interface RouteAnnotations {
  readonly isPublic: boolean;
  readonly isOptional: boolean;
  readonly strategies?: readonly string[];
  /** The class's requirement, the handler's and the rules', each to be met. */
  readonly roles: readonly RoleRequirement[];
  /** The class's scopes, the handler's and the rules'. */
  readonly scopes: readonly string[];
  /** Whether permissions, a tenant, ownership, identity bindings or predicates are asked. */
  readonly authorizes: boolean;
  readonly queryToken?: string;
}

/** How patterns classified a handler's declared routes: only when every route matches does a pattern apply. */
export interface PatternVerdict {
  readonly allPublic: boolean;
  readonly allProtected: boolean;
}

/**
 * Decides a route's access. Decorators win over patterns; a requirement (roles, scopes, permissions, tenant,
 * ownership, identity, a rule's predicate; from decorators or from rules) makes a route private even under `@Public()` or `@OptionalAuth()`; `protectedRoutes` wins over `publicRoutes`; `defaultPrivate` decides the rest.
 */
export function resolveAccess(annotations: RouteAnnotations, patterns: PatternVerdict, defaultPrivate: boolean): RouteAccess {
  if (annotations.roles.length > 0 || annotations.scopes.length > 0 || annotations.authorizes) return 'required';
  if (annotations.isOptional) return 'optional';
  if (annotations.isPublic) return 'public';
  if (annotations.strategies !== undefined) return 'required';
  if (patterns.allProtected) return 'required';
  if (patterns.allPublic) return 'public';
  return defaultPrivate ? 'required' : 'public';
}
