import type { AuthContext } from '../auth-context.js';
import { AuthError } from '../errors/auth-error.js';
import type { ResourceRequirement, RoutePolicy } from '../policy/route-policy.js';
import { toolCallScopes } from './tool-calls.js';

const FOR_ANOTHER_RESOURCE = new AuthError('invalid_token', { message: 'Token was not issued for this resource' });

/** Whether a principal's `aud` claim (a string or a list) holds the resource's canonical URI. */
export function isForResource(auth: AuthContext, resource: ResourceRequirement): boolean {
  const audience = auth.claims.aud;
  return Array.isArray(audience) ? audience.includes(resource.uri) : audience === resource.uri;
}

/**
 * What a protected resource checks of an authenticated call beyond the route's roles and scopes: the token's audience
 * (401 `invalid_token` for a token without the resource's URI in `aud`: no passthrough of tokens meant elsewhere), then,
 * on a POST to a resource with `tools`, the scopes of every tool its JSON-RPC body calls (403 `insufficient_scope`
 * naming every scope the call needs, 403 `unknown_tool`, 400 `invalid_request` for a malformed body).
 * @returns the refusal, or undefined when the call may go on.
 */
export function checkResourceAccess(
  route: RoutePolicy,
  resource: ResourceRequirement,
  auth: AuthContext,
  method: string | undefined,
  body: unknown,
): AuthError | undefined {
  if (!isForResource(auth, resource)) return FOR_ANOTHER_RESOURCE;
  if (resource.tools === undefined || method !== 'POST') return undefined;
  const needed = toolCallScopes(body, resource.tools, route.scopes);
  if (needed === undefined || needed instanceof AuthError) return needed;
  const missing = needed.filter((scope) => !auth.scopes.includes(scope));
  if (missing.length === 0) return undefined;
  return new AuthError('insufficient_scope', { message: `Insufficient scope: the call also needs ${missing.join(' ')}`, requiredScopes: needed });
}

/**
 * A refusal on a resource's route as its challenge words it: a 401 names the resource's metadata and the scopes it
 * needs, a 403 `insufficient_scope` its metadata too; other refusals are unchanged.
 */
export function resourceRefusal(error: AuthError, resource: ResourceRequirement): AuthError {
  if (error.status !== 401 && error.code !== 'insufficient_scope') return error;
  return new AuthError(error.code, {
    message: error.message,
    scheme: error.scheme,
    cause: error.cause,
    requiredScopes: error.code === 'insufficient_scope' ? error.requiredScopes : resource.challengeScopes,
    resourceMetadata: resource.metadataUrl,
  });
}
