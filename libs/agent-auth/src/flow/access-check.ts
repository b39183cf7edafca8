import type { AuthContext } from '../auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import type { RoutePolicy } from '../policy/route-policy.js';

const INSUFFICIENT_ROLE = new AuthError('insufficient_role');

/**
 * Whether an authenticated principal may use a route: every role requirement of its class and handler (`@Roles`: any
 * of, `@AllRoles`: all of) and all of their `@Scopes`.
 * @returns the 403 refusal, or undefined when access is granted.
 */
export function checkAccess(route: RoutePolicy, auth: AuthContext): AuthError | undefined {
  for (const required of route.roles) {
    const granted = required.match === 'all' ? required.roles.every(hasRole, auth) : required.roles.some(hasRole, auth);
    if (!granted) return INSUFFICIENT_ROLE;
  }
  if (route.scopes.length > 0 && !route.scopes.every((scope) => auth.scopes.includes(scope))) {
    return new AuthError('insufficient_scope', { requiredScopes: route.scopes });
  }
  return undefined;
}

function hasRole(this: AuthContext, role: string): boolean {
  return this.roles.includes(role);
}
