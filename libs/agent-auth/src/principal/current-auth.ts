import type { AuthContext } from '../auth-context.js';
import { NoPrincipalError } from './no-principal.error.js';
import { principalStorage } from './principal-scope.js';

/**
 * The principal of the request being served, wherever the calling code runs for it (a service, an agent tool after
 * awaits and timers, an SSE pipeline, a gateway message, a resolver, a microservice handler).
 * @throws NoPrincipalError outside a request, or on a route with no principal (see {@link findCurrentAuth}).
 */
export function currentAuth(): AuthContext {
  return requirePrincipal('currentAuth()');
}

/** The principal of the request being served, or undefined outside a request and on a route with none. */
export function findCurrentAuth(): AuthContext | undefined {
  return principalStorage.getStore()?.auth;
}

/**
 * The current principal, for the strict accessors.
 * @param accessor what was called, named by the error.
 * @throws NoPrincipalError when there is none.
 */
export function requirePrincipal(accessor: string): AuthContext {
  const scope = principalStorage.getStore();
  if (scope?.auth === undefined) throw new NoPrincipalError(accessor, scope?.route.handler);
  return scope.auth;
}
