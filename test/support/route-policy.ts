import type { RoutePolicy } from '../../libs/agent-auth/src/policy/route-policy.js';

/**
 * A resolved route policy for unit specs: a private route with no requirement, changed by `overrides` (the
 * registry resolves real ones from decorators; the e2e suites use those).
 */
export function routePolicy(overrides: Partial<RoutePolicy> = {}): RoutePolicy {
  return {
    access: 'required',
    strategies: [],
    roles: [],
    scopes: [],
    permissions: [],
    ownership: [],
    identity: [],
    predicates: [],
    rules: [],
    authorizes: false,
    routes: [],
    closeAtExpiry: false,
    handler: 'FixtureController.handle',
    ...overrides,
  };
}
