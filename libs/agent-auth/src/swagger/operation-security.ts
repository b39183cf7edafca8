import type { SecurityRequirementObject } from '@nestjs/swagger';
import type { RoutePolicy } from '../policy/route-policy.js';
import type { StrategySchemes } from '../authentication/strategy-schemes.js';

/** An operation's security, or why it cannot be written. */
export type OperationSecurity =
  { readonly described: true; readonly security: SecurityRequirementObject[] } | { readonly described: false; readonly reason: string };

/**
 * The security of an operation served by a route with this policy: none on a public route (`[]`); otherwise one
 * alternative per scheme of each strategy it accepts, in the policy's order, with the route's scopes on the schemes
 * that carry them (`[{ bearer: ['agents:read'] }, { apiKey: [] }]`), and `{}` (anonymous) too on an optional-auth route.
 * Not described when a strategy the route accepts has no scheme (a partial list would hide a way in), nor when a
 * private route accepts no strategy at all (every request is refused, which OpenAPI cannot say; `[]` would mean public).
 */
export function operationSecurity(policy: RoutePolicy, schemes: StrategySchemes): OperationSecurity {
  if (policy.access === 'public') return { described: true, security: [] };
  if (policy.access === 'required' && policy.strategies.length === 0)
    return { described: false, reason: 'accepts no strategy: every request is refused' };
  const alternatives = policy.strategies.map((strategy) => ({ strategy, requirements: schemes.requirements(strategy, policy.scopes) }));
  const undescribed = alternatives.filter((alternative) => alternative.requirements.length === 0).map((alternative) => alternative.strategy);
  if (undescribed.length > 0) return { described: false, reason: `accepts strategies without a scheme (${undescribed.join(', ')})` };
  const security = alternatives.flatMap((alternative) => alternative.requirements);
  return { described: true, security: policy.access === 'optional' ? [...security, {}] : security };
}
