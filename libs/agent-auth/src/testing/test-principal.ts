import type { AuthContext } from '../auth-context.js';
import { durationSeconds } from '../util/duration.js';

/** Who a test token or stream ticket stands for, and what it grants. */
export interface TestPrincipal {
  /** The subject (`sub`, `AuthContext.userId`). @default 'test-user' */
  readonly sub?: string;
  /** Roles, at `rolesClaim`. */
  readonly roles?: readonly string[];
  /** Scopes, space-delimited at `scopesClaim`. */
  readonly scopes?: readonly string[];
  /** Permissions (`agents:*:run`), at `permissionsClaim`. */
  readonly permissions?: readonly string[];
  /** The tenant, at `tenantClaim` (`tenant_id` without one). */
  readonly tenantId?: string;
  /** Further claims, merged last: they win over what the kit sets (e.g. `{ exp: 1 }` for an expired token). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Lifetime in seconds or as a duration (`'15m'`, `'2h'`). @default '1h' */
  readonly expiresIn?: number | string;
}

/** Where a token's principal fields go: claim names or dot paths (`realm_access.roles`), as in `JwtOptions`. */
export interface TestClaimPaths {
  /** @default 'roles' */
  readonly rolesClaim?: string;
  /** @default 'scope' */
  readonly scopesClaim?: string;
  /** @default 'permissions' */
  readonly permissionsClaim?: string;
  /** @default 'tenant_id' */
  readonly tenantClaim?: string;
}

const DEFAULT_SUBJECT = 'test-user';
const DEFAULT_LIFETIME = '1h';

/**
 * The JWT payload of a principal: `sub`, `iat`, `exp`, and roles, scopes (space-delimited, as OAuth writes them),
 * permissions and tenant at the given claim paths. A dot path makes nested objects (`realm_access.roles` →
 * `{ realm_access: { roles } }`); a path with a `/` (a namespaced claim such as `https://example.com/roles`) is one name.
 */
export function principalClaims(principal: TestPrincipal, paths: TestClaimPaths = {}): Record<string, unknown> {
  const lifetime = durationSeconds(principal.expiresIn ?? DEFAULT_LIFETIME);
  if (lifetime === undefined) throw new Error(`Test principal expiresIn is not a duration: ${JSON.stringify(principal.expiresIn)}`);
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { sub: principal.sub ?? DEFAULT_SUBJECT, iat: now, exp: now + lifetime };
  if (principal.roles !== undefined) placeClaim(payload, paths.rolesClaim ?? 'roles', [...principal.roles]);
  if (principal.scopes !== undefined) placeClaim(payload, paths.scopesClaim ?? 'scope', principal.scopes.join(' '));
  if (principal.permissions !== undefined) placeClaim(payload, paths.permissionsClaim ?? 'permissions', [...principal.permissions]);
  if (principal.tenantId !== undefined) placeClaim(payload, paths.tenantClaim ?? 'tenant_id', principal.tenantId);
  return { ...payload, ...principal.claims };
}

/** The {@link AuthContext} a JWT carrying {@link principalClaims} would authenticate as (for stream tickets). */
export function principalAuthContext(principal: TestPrincipal): AuthContext {
  return {
    userId: principal.sub ?? DEFAULT_SUBJECT,
    method: 'jwt',
    roles: principal.roles ?? [],
    scopes: principal.scopes ?? [],
    permissions: principal.permissions ?? [],
    tenantId: principal.tenantId,
    claims: principalClaims(principal),
  };
}

function placeClaim(payload: Record<string, unknown>, path: string, value: unknown): void {
  const names = path.includes('/') ? [path] : path.split('.');
  let parent = payload;
  for (const name of names.slice(0, -1)) {
    const child = parent[name];
    parent = parent[name] = typeof child === 'object' && child !== null ? (child as Record<string, unknown>) : {};
  }
  parent[names[names.length - 1]] = value;
}
