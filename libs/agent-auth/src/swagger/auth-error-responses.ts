import type { ResponseObject } from '@nestjs/swagger';
import { AUTH_ERRORS, type AuthErrorCode, type AuthErrorStatus } from '../errors/auth-error.js';
import { STATUS_TEXT } from '../errors/auth-http-exception.js';
import type { RoutePolicy } from '../policy/route-policy.js';
import { ALLOWLIST_STRATEGY } from '../strategies/allowlist/allowlist.strategy.js';
import { AUTH_ERROR_SCHEMA } from './auth-error-schema.js';

/** Every code answered with a 401: any route that reads credentials may refuse them. */
const UNAUTHORIZED_CODES = (Object.keys(AUTH_ERRORS) as AuthErrorCode[]).filter((code) => AUTH_ERRORS[code].status === 401);

/**
 * The refusals a route's policy can answer with, by status, each naming its codes and the shared `AuthError` body:
 * 401 on every route that reads credentials, 403 for each requirement it has (roles, scopes, permissions or rule
 * predicates, tenant, identity, ownership refused with 403, the allowlist), 404 for ownership refused with 404 (`ownershipRefusal`).
 */
export function authErrorResponses(policy: RoutePolicy, ownershipRefusal: 403 | 404): Partial<Record<AuthErrorStatus, ResponseObject>> {
  if (policy.access === 'public') return {};
  const codes: AuthErrorCode[] = [...UNAUTHORIZED_CODES];
  if (policy.roles.length > 0) codes.push('insufficient_role');
  if (policy.scopes.length > 0) codes.push('insufficient_scope');
  if (policy.permissions.length > 0 || policy.predicates.length > 0) codes.push('insufficient_permission');
  if (policy.tenant !== undefined) codes.push('wrong_tenant');
  if (policy.identity.length > 0) codes.push('identity_mismatch');
  if (policy.ownership.length > 0) codes.push(ownershipRefusal === 404 ? 'not_found' : 'not_owner');
  if (policy.strategies.some((name) => name === ALLOWLIST_STRATEGY || name.startsWith(`${ALLOWLIST_STRATEGY}:`))) codes.push('not_allowlisted');
  const responses: Partial<Record<AuthErrorStatus, ResponseObject>> = {};
  for (const status of new Set(codes.map((code) => AUTH_ERRORS[code].status))) {
    const answered = codes.filter((code) => AUTH_ERRORS[code].status === status);
    responses[status] = {
      description: `${STATUS_TEXT[status]}: ${answered.join(', ')}`,
      content: { 'application/json': { schema: { $ref: `#/components/schemas/${AUTH_ERROR_SCHEMA}` } } },
    };
  }
  return responses;
}
