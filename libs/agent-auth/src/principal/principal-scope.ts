import type { ExecutionContext } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuthContext } from '../auth-context.js';
import type { RoutePolicy } from '../policy/route-policy.js';

/**
 * What code running for one call reads without parameters; entered by the `PrincipalScopeInterceptor`, which a
 * module registers with `principalContext: true`.
 */
export interface PrincipalScope {
  /** The call's principal; undefined on a route with none (public, optional and anonymous, authentication disabled). */
  readonly auth: AuthContext | undefined;
  /** The call's execution context: its transport delivers a refusal made deep inside the handler. */
  readonly context: ExecutionContext;
  /** The handler's policy, named by the events of decisions made inside it. */
  readonly route: RoutePolicy;
}

/** Holds the current call's {@link PrincipalScope}: one read-only value per call, never replaced while the call runs. */
export const principalStorage = new AsyncLocalStorage<PrincipalScope>();

let scopesEntered = false;

/** Records that an app of this process enters principal scopes (its module has `principalContext: true`). */
export function enterPrincipalScopes(): void {
  scopesEntered = true;
}

/** Whether any app of this process enters principal scopes: without one, no accessor ever finds a principal. */
export function principalScopesEntered(): boolean {
  return scopesEntered;
}
